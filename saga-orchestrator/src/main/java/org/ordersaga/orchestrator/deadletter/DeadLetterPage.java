package org.ordersaga.orchestrator.deadletter;

import java.util.List;

/** One page of dead letters, newest first; {@code total} counts them all. */
public record DeadLetterPage(List<DeadLetterView> items, int page, int size, long total) {
}
