package org.ordersaga.chassis.rest;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.ordersaga.chassis.messaging.TransientFailures;
import org.ordersaga.chassis.persistence.DeadConnections;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A request that could not reach the database (lost connection, restart, pool timeout: {@link TransientFailures})
 * answers 503 problem+json with {@code Retry-After} ({@code ordersaga.database.retry-after}, 1 s), not 500: its
 * transaction rolled back, the client may simply try again, and the pool drops its dead connections
 * ({@link DeadConnections}) so that the next request, on any endpoint, gets a live one. Any other unexpected failure
 * stays the 500 of {@link ProblemDetails#unexpected}.
 */
public class UnreachableDatabase {

    private static final Logger LOG = Logger.getLogger(UnreachableDatabase.class);
    private static final ProblemDetails PROBLEMS = new ProblemDetails();
    // the same type as ProblemDetails.unexpected, ranked ahead of it; a service's mapper of a narrower type still wins
    private static final int AHEAD_OF_UNEXPECTED = Priorities.USER;

    private final DeadConnections deadConnections;
    private final Duration retryAfter;

    public UnreachableDatabase(DeadConnections deadConnections,
            @ConfigProperty(name = "ordersaga.database.retry-after", defaultValue = "1s") Duration retryAfter) {
        this.deadConnections = deadConnections;
        this.retryAfter = retryAfter;
    }

    /** The problem a request answers when the database is unreachable; {@code detail} says what became of it. */
    public static ProblemException problem(String detail, Duration retryAfter) {
        return new ProblemException(503, "Database unavailable", detail, retryAfter);
    }

    @ServerExceptionMapper(priority = AHEAD_OF_UNEXPECTED)
    public Response unreachable(Exception e, UriInfo uri) {
        return answer(e, uri, deadConnections, retryAfter);
    }

    /** The rule itself, for a service's own mapper that answers with its own {@code Retry-After}. */
    public static Response answer(Exception e, UriInfo uri, DeadConnections deadConnections, Duration retryAfter) {
        if (!deadConnections.unreachable(e)) {
            return PROBLEMS.unexpected(e, uri);
        }
        LOG.warnf("Request to %s: database unreachable (%s); answering 503", uri.getPath(), e.toString());
        return PROBLEMS.problem(problem("The database could not be reached; retry later", retryAfter), uri);
    }
}
