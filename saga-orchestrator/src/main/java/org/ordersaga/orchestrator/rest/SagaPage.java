package org.ordersaga.orchestrator.rest;

import java.util.List;

/** One page of a saga list, newest first; {@code total} counts every saga that matches. */
public record SagaPage(List<SagaSummary> items, int page, int size, long total) {
}
