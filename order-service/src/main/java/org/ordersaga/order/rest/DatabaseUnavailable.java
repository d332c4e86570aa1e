package org.ordersaga.order.rest;

import java.time.Duration;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.ordersaga.chassis.persistence.DeadConnections;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.chassis.rest.UnreachableDatabase;
import org.ordersaga.order.config.OrderConfig;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The chassis' rule for a request that could not reach the database ({@link UnreachableDatabase}: 503 with
 * {@code Retry-After} and the dead connections flushed, any other failure 500), answered with order-service's own
 * {@code ordersaga.order.database.retry-after}, which its other 503s use too. It maps {@link RuntimeException}, a
 * narrower type than the chassis mapper's, so Quarkus REST picks it here. {@code POST /orders} first tries again
 * itself ({@code service/DatabaseRetry}).
 */
public class DatabaseUnavailable {

    private final DeadConnections deadConnections;
    private final Duration retryAfter;

    public DatabaseUnavailable(DeadConnections deadConnections, OrderConfig config) {
        this.deadConnections = deadConnections;
        this.retryAfter = config.database().retryAfter();
    }

    /** The problem a request answers when the database is unreachable; {@code detail} says what became of it. */
    public static ProblemException problem(String detail, Duration retryAfter) {
        return UnreachableDatabase.problem(detail, retryAfter);
    }

    @ServerExceptionMapper
    public Response unreachable(RuntimeException e, UriInfo uri) {
        return UnreachableDatabase.answer(e, uri, deadConnections, retryAfter);
    }
}
