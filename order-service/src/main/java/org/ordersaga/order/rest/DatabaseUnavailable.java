package org.ordersaga.order.rest;

import java.time.Duration;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.ordersaga.chassis.messaging.TransientFailures;
import org.ordersaga.chassis.rest.ProblemDetails;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.persistence.DeadConnections;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A request that could not reach the database (lost connections, a restart, a pool timeout: {@link TransientFailures})
 * answers 503 problem+json with {@code Retry-After}: the client may simply try again, its transaction was rolled
 * back, and the pool drops its dead connections ({@link DeadConnections}) so that the next request, on any endpoint,
 * gets a live one. Any other unexpected failure stays the chassis' 500. Applies to every endpoint; {@code POST /orders}
 * first tries again itself ({@code service/DatabaseRetry}).
 */
public class DatabaseUnavailable {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailable.class);
    private static final ProblemDetails PROBLEMS = new ProblemDetails();

    private final DeadConnections deadConnections;
    private final Duration retryAfter;

    public DatabaseUnavailable(DeadConnections deadConnections, OrderConfig config) {
        this.deadConnections = deadConnections;
        this.retryAfter = config.database().retryAfter();
    }

    /** The problem a request answers when the database is unreachable; {@code detail} says what became of it. */
    public static ProblemException problem(String detail, Duration retryAfter) {
        return new ProblemException(503, "Database unavailable", detail, retryAfter);
    }

    @ServerExceptionMapper
    public Response unreachable(RuntimeException e, UriInfo uri) {
        if (!deadConnections.unreachable(e)) {
            return PROBLEMS.unexpected(e, uri);
        }
        LOG.warnf("Request to %s: database unreachable (%s); answering 503", uri.getPath(), e.toString());
        return PROBLEMS.problem(problem("The database could not be reached; retry later", retryAfter), uri);
    }
}
