package org.ordersaga.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "ordersaga.orchestrator")
public interface OrchestratorConfig {

    Deadlines deadlines();

    Queues queues();

    Metrics metrics();

    Console console();

    Reconciliation reconciliation();

    /** How often a message is handled again after an optimistic lock conflict with another replica. */
    @WithDefault("5")
    int conflictRetries();

    /** The participants' command queues, read from Kafka (chassis-independent: committed offsets of their groups). */
    interface Queues {

        /** The consumer group that reads each command topic, keyed by topic (e.g. payment-commands). */
        Map<String, String> groups();

        /** How often the groups' committed offsets and the topics' end offsets are read. */
        @WithDefault("1s")
        Duration refreshEvery();

        /**
         * How long a reading holds deadlines after its refresh began; longer than {@code refresh-every}, so that a
         * refresh that fails or comes late keeps the last one. Past it, or with none, no command is held.
         */
        @WithDefault("5s")
        Duration staleAfter();

        /**
         * How long after its first send a command still queued keeps its deadline waiting; past it the deadline
         * counts again (a participant whose consumer is alive but never gets to the command is not waited for ever).
         */
        @WithDefault("2m")
        Duration maxWait();
    }

    interface Metrics {

        /** How often the gauges read from the database (sagas per state, outbox backlog) are refreshed. */
        @WithDefault("5s")
        Duration refreshEvery();
    }

    interface Console {

        /** Base URL of the Zipkin UI the console links traces to; no link when unset. */
        Optional<String> zipkinUrl();

        /**
         * Base URL of order-service, which the console asks (through this service, never from the browser) for an
         * order that has no saga and for the rollout share in force.
         */
        String orderServiceUrl();

        /**
         * How long one of those look-ups may take, to connect and to answer: the console reports order-service as
         * unavailable after it rather than hang, and the saga views never wait for it.
         */
        @WithDefault("2s")
        Duration orderServiceTimeout();
    }

    /** Finding async orders whose {@code OrderPlaced} never became a saga, and starting their saga (SagaReconciliation). */
    interface Reconciliation {

        /** How often order-service is asked for its PENDING async orders: a duration, or {@code off}. */
        @WithDefault("1m")
        String every();

        /**
         * How old a PENDING order must be before a missing saga counts as missing: well above the time an
         * {@code OrderPlaced} takes through the outbox, the relay and this service's queue on a bad day, so that
         * reconciliation does not race events that are only late (harmless, but counted as reconciled).
         */
        @WithDefault("5m")
        Duration minAge();

        /** Orders asked for per request. */
        @WithDefault("100")
        int pageSize();
    }

    interface Deadlines {

        /** How long a step waits for its reply on the first send. */
        @WithDefault("5s")
        Duration timeout();

        /** Per-step overrides of {@link #timeout()}, keyed by step name (e.g. SCHEDULE_SHIPMENT). */
        Map<String, Duration> stepTimeouts();

        /** Each re-send waits this many times longer than the previous attempt. */
        @WithDefault("2.0")
        double backoffMultiplier();

        @WithDefault("60s")
        Duration maxTimeout();

        /** Sends of one command (first send included) before the step is given up. */
        @WithDefault("4")
        int maxAttempts();

        /** How often the deadline job looks for expired deadlines. */
        @WithDefault("200ms")
        Duration scanEvery();

        /** Sagas claimed per transaction by the deadline job. */
        @WithDefault("50")
        int batchSize();

        /**
         * When a saga's deadline could not be handled (its transaction failed on its own), how long until it is tried
         * again, so that it neither holds up the other sagas' deadlines nor is retried at every scan.
         */
        @WithDefault("30s")
        Duration failedRetryAfter();
    }
}
