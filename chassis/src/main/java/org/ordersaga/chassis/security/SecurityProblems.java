package org.ordersaga.chassis.security;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.ordersaga.chassis.rest.Problem;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A refused request is a problem answer like every other error (RFC 9457): 401 with the Basic challenge
 * ({@link ProblemChallenge}) when the credential is missing or wrong, 403 when the user lacks the role. The mappers
 * answer refusals inside JAX-RS ({@code @RolesAllowed}), ranked ahead of Quarkus' own, which answer without a body;
 * the route failure handler those of a path permission outside JAX-RS.
 */
@ApplicationScoped
public class SecurityProblems {

    static final String TYPE_PREFIX = "urn:ordersaga:problem:";
    private static final int AHEAD_OF_BUILT_IN = Priorities.USER - 100;

    private final ObjectMapper json;

    public SecurityProblems(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper(priority = AHEAD_OF_BUILT_IN)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return challenge(uri);
    }

    @ServerExceptionMapper(priority = AHEAD_OF_BUILT_IN)
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return challenge(uri);
    }

    @ServerExceptionMapper(priority = AHEAD_OF_BUILT_IN)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        Problem problem = forbidden(path(uri));
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    void onRefusalOutsideJaxRs(@Observes Router router) {
        router.route().failureHandler(context -> {
            Throwable failure = context.failure();
            if (failure instanceof ForbiddenException) {
                context.response().setStatusCode(403);
                write(context, forbidden(context.normalizedPath()), json);
            } else if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
                context.response().setStatusCode(401).putHeader(ProblemChallenge.WWW_AUTHENTICATE,
                        ProblemChallenge.CHALLENGE);
                write(context, ProblemChallenge.unauthorized(context.normalizedPath()), json);
            } else {
                context.next();
            }
        });
    }

    static Future<Void> write(RoutingContext context, Problem problem, ObjectMapper json) {
        return context.response().putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(ProblemChallenge.serialize(json, problem));
    }

    private static Response challenge(UriInfo uri) {
        return Response.status(401).header(ProblemChallenge.WWW_AUTHENTICATE, ProblemChallenge.CHALLENGE)
                .type(Problem.MEDIA_TYPE).entity(ProblemChallenge.unauthorized(path(uri))).build();
    }

    private static Problem forbidden(String path) {
        return new Problem(TYPE_PREFIX + "forbidden", "Forbidden", 403,
                "The authenticated user lacks the role this request needs", path, null);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
