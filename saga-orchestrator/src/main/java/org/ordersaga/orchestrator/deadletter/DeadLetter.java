package org.ordersaga.orchestrator.deadletter;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A record a consumer gave up on, as read from a dead-letter topic; replayed at most once. */
@Entity
@Table(name = "dead_letter")
public class DeadLetter {

    /** Where the original record was and where its dead letter was read. */
    public record Position(String topic, Integer partition, Long offset) {
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String topic;
    @Column(name = "kafka_partition")
    private Integer partition;
    @Column(name = "kafka_offset")
    private Long offset;
    @Column(name = "record_key")
    private String key;
    private String reason;
    private String error;
    private String consumer;
    @Column(name = "failed_at")
    private Instant failedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, String> headers;
    private String payload;
    @Column(name = "dead_letter_topic")
    private String deadLetterTopic;
    @Column(name = "dead_letter_partition")
    private int deadLetterPartition;
    @Column(name = "dead_letter_offset")
    private long deadLetterOffset;
    @Column(name = "replayed_at")
    private Instant replayedAt;
    @Column(name = "replayed_by")
    private String replayedBy;

    protected DeadLetter() {
    }

    public DeadLetter(Position original, String key, String reason, String error, String consumer, Instant failedAt,
                      Map<String, String> headers, String payload, Position deadLetter) {
        this.topic = original.topic();
        this.partition = original.partition();
        this.offset = original.offset();
        this.key = key;
        this.reason = reason;
        this.error = error;
        this.consumer = consumer;
        this.failedAt = failedAt;
        this.headers = new LinkedHashMap<>(headers);
        this.payload = payload;
        this.deadLetterTopic = deadLetter.topic();
        this.deadLetterPartition = deadLetter.partition();
        this.deadLetterOffset = deadLetter.offset();
    }

    /**
     * What of it the table can take when it cannot be stored as it was: NUL characters (which PostgreSQL refuses in
     * text and JSON) removed, fields cut to their columns' sizes, and {@code why} appended to the error.
     */
    public DeadLetter keepable(String why) {
        Map<String, String> keptHeaders = new LinkedHashMap<>();
        headers.forEach((name, value) -> keptHeaders.put(withoutNul(name), withoutNul(value)));
        return new DeadLetter(new Position(cut(topic, 255), partition, offset), cut(key, 255), cut(reason, 40),
                withoutNul(error) + " (could not be stored as it was: " + withoutNul(why)
                        + "; NUL characters removed, long fields cut)",
                cut(consumer, 100), failedAt, keptHeaders, withoutNul(payload),
                new Position(deadLetterTopic, deadLetterPartition, deadLetterOffset));
    }

    private static String withoutNul(String text) {
        return text == null ? null : text.replace("\0", "");
    }

    private static String cut(String text, int length) {
        String kept = withoutNul(text);
        return kept == null || kept.length() <= length ? kept : kept.substring(0, length);
    }

    /** Records who replayed it and when; a dead letter is replayed once. */
    public void markReplayed(String operator, Instant now) {
        if (replayedAt != null) {
            throw new AlreadyReplayedException(id, replayedBy, replayedAt);
        }
        replayedAt = now;
        replayedBy = operator;
    }

    public Long getId() {
        return id;
    }

    public String getTopic() {
        return topic;
    }

    public Integer getPartition() {
        return partition;
    }

    public Long getOffset() {
        return offset;
    }

    public String getKey() {
        return key;
    }

    public String getReason() {
        return reason;
    }

    public String getError() {
        return error;
    }

    public String getConsumer() {
        return consumer;
    }

    public Instant getFailedAt() {
        return failedAt;
    }

    public Map<String, String> getHeaders() {
        return Map.copyOf(headers);
    }

    public String getPayload() {
        return payload;
    }

    public Instant getReplayedAt() {
        return replayedAt;
    }

    public String getReplayedBy() {
        return replayedBy;
    }
}
