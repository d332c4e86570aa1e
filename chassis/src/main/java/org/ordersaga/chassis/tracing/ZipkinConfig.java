package org.ordersaga.chassis.tracing;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "ordersaga.zipkin")
public interface ZipkinConfig {

    /** Zipkin v2 spans endpoint, e.g. {@code http://localhost:9411/api/v2/spans}; no export when unset. */
    Optional<String> endpoint();
}
