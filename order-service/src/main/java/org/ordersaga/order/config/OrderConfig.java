package org.ordersaga.order.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code ordersaga.order.*}: order-service's own settings. */
@ConfigMapping(prefix = "ordersaga.order")
public interface OrderConfig {

    /** The mode of a {@code POST /orders} that names none (query {@code mode} or header {@code X-Order-Mode}). */
    @WithDefault("async")
    OrderMode defaultMode();
}
