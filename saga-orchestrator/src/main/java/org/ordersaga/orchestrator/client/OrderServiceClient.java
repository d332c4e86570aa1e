package org.ordersaga.orchestrator.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

import com.fasterxml.jackson.core.JacksonException;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

/**
 * The console's and the reconciliation's look-ups at order-service
 * ({@code ordersaga.orchestrator.console.order-service-url}). Each is bounded by
 * {@code ordersaga.orchestrator.console.order-service-timeout}, so an order-service that is down or hangs costs the
 * console one short wait. Failures are problems the console shows: 503 when order-service cannot be reached or does
 * not answer in time, 502 when it answers with an error or with something that is not its JSON.
 */
@ApplicationScoped
public class OrderServiceClient {

    private static final Logger LOG = Logger.getLogger(OrderServiceClient.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final OrderServiceApi api;
    private final Duration timeout;

    public OrderServiceClient(OrchestratorConfig config) {
        this.timeout = config.console().orderServiceTimeout();
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(config.console().orderServiceUrl()))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(OrderServiceApi.class);
    }

    /** Empty when order-service has no such order. */
    public Optional<OrderLookup> order(UUID id) {
        return call("GET /orders/" + id, () -> api.order(id));
    }

    public RolloutLookup rollout() {
        String request = "GET /admin/rollout";
        // a 404 here is no answer about the rollout: order-service is older, or the URL points elsewhere
        return call(request, api::rollout).orElseThrow(() -> badAnswer(request, "status 404"));
    }

    /**
     * One page of the async orders still PENDING that were placed before {@code placedBefore}, after order
     * {@code after} (null: the first page); empty when order-service has no such list (404: an older version).
     */
    public Optional<PendingOrders> pendingAsyncOrders(Instant placedBefore, UUID after, int limit) {
        return call("GET /orders/pending", () -> api.pendingOrders("async", placedBefore.toString(), after, limit));
    }

    /** The answer; empty for a 404. */
    private <T> Optional<T> call(String request, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return Optional.empty();
            }
            // a success status here means its body could not be read as the expected JSON
            throw badAnswer(request, status < 400 || causedBy(e, JacksonException.class) ? unreadable(e)
                    : "status " + status);
        } catch (ProcessingException e) {
            if (causedBy(e, JacksonException.class)) {
                throw badAnswer(request, unreadable(e));
            }
            // refused connection, unknown host, or no answer within the timeout
            LOG.warnf("order-service did not answer %s: %s", request, rootMessage(e));
            throw new ProblemException(503, "order-service unavailable", "order-service did not answer " + request
                    + " within " + timeout.toMillis() + " ms: " + rootMessage(e), RETRY_AFTER);
        }
    }

    private static ProblemException badAnswer(String request, String what) {
        LOG.warnf("order-service answered %s with %s", request, what);
        return new ProblemException(502, "order-service failed", "order-service answered " + request + " with "
                + what);
    }

    private static String unreadable(Throwable failure) {
        return "a body that is not the expected JSON (" + rootMessage(failure) + ")";
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
