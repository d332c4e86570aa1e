package org.ordersaga.orchestrator.service;

import java.time.Duration;
import java.time.Instant;

/**
 * A lag observed at some instant that runs down at wall-clock speed: without a newer observation, a deadline held back
 * by it falls back to the plain deadline once the lag has passed. Shared by {@link ReplyLag} and {@link ParticipantLag}.
 */
record DecayingLag(Instant observedAt, Duration lag) {

    static final DecayingLag NONE = new DecayingLag(Instant.EPOCH, Duration.ZERO);

    /** A negative lag (a clock ahead of ours) counts as none. */
    static DecayingLag observed(Duration lag, Instant at) {
        return new DecayingLag(at, lag.isNegative() ? Duration.ZERO : lag);
    }

    Duration remainingAt(Instant now) {
        Duration left = lag.minus(Duration.between(observedAt, now));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
