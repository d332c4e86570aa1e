package org.ordersaga.orchestrator.domain;

import java.time.Instant;
import java.util.UUID;

/** One entry of a saga's timeline; {@code seq} orders the entries of one saga. */
public record SagaEvent(int seq, Instant at, SagaEventKind kind, String step, String messageType, UUID commandId,
                        Integer attempt, String detail) {
}
