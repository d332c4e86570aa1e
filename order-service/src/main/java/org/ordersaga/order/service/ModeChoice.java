package org.ordersaga.order.service;

import java.util.Locale;

import org.ordersaga.order.config.OrderMode;

/** The mode one {@code POST /orders} runs in, and what chose it. */
public record ModeChoice(OrderMode mode, ChosenBy chosenBy) {

    public enum ChosenBy {
        /** The client named the mode ({@code ?mode=} or {@code X-Order-Mode}). */
        REQUEST,
        /** The rollout's saga share, from the order's key. */
        ROLLOUT,
        /** A repeated {@code Idempotency-Key}: the mode its first request's order runs in; no new order. */
        REPLAY;

        /** As in metric tags and logs: {@code request}, {@code rollout}, {@code replay}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** As in metric tags, logs and the {@code X-Order-Mode} answer header: {@code sync}, {@code async}. */
    public String modeId() {
        return mode.id();
    }
}
