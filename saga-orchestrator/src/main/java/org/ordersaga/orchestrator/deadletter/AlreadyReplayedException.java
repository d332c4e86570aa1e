package org.ordersaga.orchestrator.deadletter;

import java.time.Instant;

/** A second replay of the same dead letter is refused. */
public class AlreadyReplayedException extends RuntimeException {

    public AlreadyReplayedException(Long id, String by, Instant at) {
        super("Dead letter " + id + " was already replayed by " + by + " at " + at);
    }
}
