package org.ordersaga.order.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code ordersaga.order.*}: order-service's own settings. */
@ConfigMapping(prefix = "ordersaga.order")
public interface OrderConfig {

    /**
     * The mode of a {@code POST /orders} that names none (query {@code mode} or header {@code X-Order-Mode}) while no
     * saga share is set ({@code rollout.saga-share-percent}, or an operator's at run time).
     */
    @WithDefault("async")
    OrderMode defaultMode();

    SyncRecovery syncRecovery();

    Rollout rollout();

    Admission admission();

    Idempotency idempotency();

    Database database();

    /**
     * {@code ordersaga.order.database.*}: a request whose database connection is lost (a terminated backend, a
     * restart, a failover, an exhausted pool). Its transaction rolled back, so it is tried again on a fresh
     * connection a few times within the request; then the client gets 503 with {@code Retry-After}.
     */
    interface Database {

        /** Tries of one transaction in all, the first included; each waits twice as long as the one before. */
        @WithDefault("3")
        int attempts();

        /** The wait before the second try: long enough for the pool to drop its dead connections. */
        @WithDefault("100ms")
        Duration backoff();

        /** What a client refused with 503 is told to wait ({@code Retry-After}, whole seconds). */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /** {@code ordersaga.order.idempotency.*}: the {@code Idempotency-Key} of {@code POST /orders}. */
    interface Idempotency {

        /**
         * How long a key is honoured after its first use, then forgotten: far longer than any client retries one
         * request (seconds to minutes), short enough that the table stays small.
         */
        @WithDefault("24h")
        Duration retention();

        /** How often expired keys are deleted (a Quarkus scheduler period). */
        @WithDefault("1h")
        String retentionEvery();

        /** The most keys one delete removes; a larger backlog goes in several short transactions. */
        @WithDefault("10000")
        int retentionBatchSize();

        /**
         * What a client repeating a key whose synchronous chain is still deciding its order is told to wait
         * ({@code Retry-After} of the 409, whole seconds): a chain usually takes well under a second.
         */
        @WithDefault("1s")
        Duration inFlightRetryAfter();
    }

    /**
     * {@code ordersaga.order.admission.*}: back-pressure at the edge. Past the limit a new asynchronous order is
     * refused (503, {@code Retry-After}) rather than queued behind work the stack cannot finish in time.
     */
    interface Admission {

        /**
         * The most orders that may wait for their saga's decision (PENDING) before new asynchronous orders are
         * refused: about 15 s of work at the rate this stack sustains (docs/performance.md, change 8).
         */
        @WithDefault("500")
        long maxUndecided();

        /** How often the undecided orders are counted (at most; only while orders arrive). */
        @WithDefault("1s")
        Duration refreshEvery();

        /** What a refused client is told to wait before it tries again ({@code Retry-After}, whole seconds). */
        @WithDefault("2s")
        Duration retryAfter();
    }

    /**
     * {@code ordersaga.order.rollout.*}: the switch that shifts orders naming no mode from the synchronous chain to the
     * saga, a share at a time. An operator changes the share at run time ({@code PUT /admin/rollout}); these are the
     * defaults.
     */
    interface Rollout {

        /**
         * The share of orders naming no mode that run as the saga, 0..100. Unset: {@link OrderConfig#defaultMode()} decides every
         * such order (async = 100, sync = 0), as before the switch existed.
         */
        Optional<Integer> sagaSharePercent();

        /**
         * How often each replica reads the share an operator set (a Quarkus scheduler period): another replica's
         * change reaches this one within it; the replica that took the change applies it at once.
         */
        @WithDefault("1s")
        String refreshEvery();
    }

    /** {@code ordersaga.order.sync-recovery.*}: the sweep that resumes synchronous chains that stopped midway. */
    interface SyncRecovery {

        /** How often the sweep looks for stopped chains (a Quarkus scheduler period, e.g. {@code 1s}). */
        @WithDefault("1s")
        String every();

        /**
         * How long a chain must have made no progress before the sweep resumes it: longer than one guarded call with
         * its retries, so that the sweep rarely overlaps a request still working on the order (an overlap is safe,
         * every step is idempotent, but wasteful).
         */
        @WithDefault("10s")
        Duration after();

        /** The most orders one sweep drives, the longest due first, so that one sweep stays short while a participant is down. */
        @WithDefault("50")
        int batchSize();

        /**
         * How long a synchronous order may stay PENDING with no fate recorded before the sweep decides it: its chain
         * died (kill -9, a restart, an unexpected error) before the pivot's outcome was known, so it is undone and
         * rejected. Longer than a chain takes up to the pivot (three guarded calls with their retries, about 21 s), so
         * that the sweep does not undo a chain still at work (that would be safe, but reject an order that could
         * have been approved).
         */
        @WithDefault("1m")
        Duration undecidedAfter();

        /**
         * The longest a failing order waits between two tries: it waits {@link #after()}, then twice as long after
         * each round that failed again, at most this, so that orders blocked by one participant leave the others
         * their turn and do not hammer it.
         */
        @WithDefault("5m")
        Duration maxBackoff();

        /**
         * How long a replica's claim on an order keeps the other replicas' sweeps away from it: longer than one round
         * of one order can take (its remaining calls, each at most about 7 s with retries), so that two replicas never
         * drive one order at once. A replica that dies holding a claim delays that order by this much.
         */
        @WithDefault("2m")
        Duration claimFor();
    }
}
