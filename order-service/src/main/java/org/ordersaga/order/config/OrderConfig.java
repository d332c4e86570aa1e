package org.ordersaga.order.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code ordersaga.order.*}: order-service's own settings. */
@ConfigMapping(prefix = "ordersaga.order")
public interface OrderConfig {

    /** The mode of a {@code POST /orders} that names none (query {@code mode} or header {@code X-Order-Mode}). */
    @WithDefault("async")
    OrderMode defaultMode();

    SyncRecovery syncRecovery();

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

        /** The most orders one sweep resumes, oldest first, so that one sweep stays short while a participant is down. */
        @WithDefault("50")
        int batchSize();
    }
}
