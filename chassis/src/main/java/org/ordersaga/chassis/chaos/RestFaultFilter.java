package org.ordersaga.chassis.chaos;

import java.time.Duration;
import java.util.List;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.ordersaga.chassis.rest.Problem;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * Injects the REST faults into every JAX-RS endpoint except the admin endpoints: unavailable (503) and errors (500)
 * before the handler runs, so they have no effect; latency after it, without blocking a thread, so a slow answer may
 * carry an effect that already committed (what a client that timed out must cope with).
 */
public class RestFaultFilter {

    private static final String TYPE_PREFIX = "urn:ordersaga:problem:";

    private final FaultInjector faults;

    public RestFaultFilter(FaultInjector faults) {
        this.faults = faults;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public Response failOrRefuse(ContainerRequestContext request) {
        if (!faults.enabled() || exempt(request)) {
            return null;
        }
        return switch (faults.beforeRestRequest()) {
            case UNAVAILABLE -> problem(request, 503, "Service unavailable",
                    "Injected fault: the service is unavailable");
            case FAIL -> problem(request, 500, "Internal error", "Injected fault: the request failed");
            case PASS -> null;
        };
    }

    @ServerResponseFilter
    public Uni<Void> delay(ContainerRequestContext request) {
        long delay = !faults.enabled() || exempt(request) ? 0 : faults.restResponseDelayMs();
        Uni<Void> now = Uni.createFrom().voidItem();
        return delay == 0 ? now : now.onItem().delayIt().by(Duration.ofMillis(delay));
    }

    /** The admin endpoints stay usable whatever the faults, so that faults can always be turned off. */
    static boolean exempt(ContainerRequestContext request) {
        return isAdminPath(request.getUriInfo().getPath());
    }

    static boolean isAdminPath(String path) {
        String normalized = path.startsWith("/") ? path : "/" + path;
        return normalized.equals("/admin") || normalized.startsWith("/admin/");
    }

    private static Response problem(ContainerRequestContext request, int status, String title, String detail) {
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE_PREFIX + (status == 503 ? "service-unavailable" : "internal-error"), title,
                        status, detail, "/" + request.getUriInfo().getPath().replaceFirst("^/", ""), List.of()));
        if (status == 503) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }
}
