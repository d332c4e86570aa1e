package org.ordersaga.orchestrator.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.ordersaga.orchestrator.domain.SagaEvent;
import org.ordersaga.orchestrator.domain.SagaEventKind;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A persisted {@link SagaEvent}; rows are only ever inserted. */
@Entity
@Table(name = "saga_event")
@IdClass(SagaTimelineEntry.Key.class)
public class SagaTimelineEntry {

    @Id
    @Column(name = "saga_id")
    private UUID sagaId;

    @Id
    private int seq;

    private Instant at;

    @Enumerated(EnumType.STRING)
    private SagaEventKind kind;

    private String step;

    @Column(name = "message_type")
    private String messageType;

    @Column(name = "command_id")
    private UUID commandId;

    private Integer attempt;

    private Instant deadline;

    @Column(name = "duration_ms")
    private Long durationMs;

    private String actor;

    private String detail;

    protected SagaTimelineEntry() {
    }

    public SagaTimelineEntry(UUID sagaId, SagaEvent event) {
        this.sagaId = sagaId;
        this.seq = event.seq();
        this.at = event.at();
        this.kind = event.kind();
        this.step = event.step();
        this.messageType = event.messageType();
        this.commandId = event.commandId();
        this.attempt = event.attempt();
        this.deadline = event.deadline();
        this.durationMs = event.durationMs();
        this.actor = event.actor();
        this.detail = event.detail();
    }

    public SagaEvent toEvent() {
        return new SagaEvent(seq, at, kind, step, messageType, commandId, attempt, deadline, durationMs, actor,
                detail);
    }

    public static class Key implements Serializable {
        private UUID sagaId;
        private int seq;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && seq == key.seq && Objects.equals(sagaId, key.sagaId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sagaId, seq);
        }
    }
}
