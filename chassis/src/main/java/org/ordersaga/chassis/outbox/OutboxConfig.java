package org.ordersaga.chassis.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ordersaga.outbox")
public interface OutboxConfig {

    /** How long published rows stay for inspection; CDC reads the WAL, so the table is not needed for delivery. */
    @WithDefault("P1D")
    Duration retention();
}
