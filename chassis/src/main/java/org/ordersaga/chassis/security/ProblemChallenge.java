package org.ordersaga.chassis.security;

import java.util.Set;

import org.ordersaga.chassis.rest.Problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.BasicAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every service's HTTP Basic: Quarkus' own mechanism (its built-in one is off, {@code quarkus.http.auth.basic=false}
 * in the chassis' META-INF/microprofile-config.properties), with a challenge that is a problem answer too. Quarkus
 * sends its challenge itself, without a body, where a credential fails or is missing outside JAX-RS (a wrong password
 * anywhere, a path permission such as the orchestrator's console page); inside JAX-RS {@link SecurityProblems} answers
 * with the same challenge and body.
 */
@ApplicationScoped
public class ProblemChallenge implements HttpAuthenticationMechanism {

    static final String REALM = "ordersaga";
    /** The scheme as RFC 7617 spells it (Quarkus' own sends "basic"; clients must accept either case). */
    static final String CHALLENGE = "Basic realm=\"" + REALM + "\"";
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private final BasicAuthenticationMechanism basic = new BasicAuthenticationMechanism(REALM, false);
    private final ObjectMapper json;

    public ProblemChallenge(ObjectMapper json) {
        this.json = json;
    }

    /** The 401 problem for a request at {@code path} that has no credential or a wrong one. */
    static Problem unauthorized(String path) {
        return new Problem(SecurityProblems.TYPE_PREFIX + "unauthorized", "Unauthorized", 401,
                "The request needs the HTTP Basic credential of a user known here", path, null);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return basic.authenticate(context, identityProviderManager);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, WWW_AUTHENTICATE, CHALLENGE));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (context.response().ended()) {
            return Uni.createFrom().item(true);
        }
        context.response().setStatusCode(401).putHeader(WWW_AUTHENTICATE, CHALLENGE);
        return Uni.createFrom().completionStage(
                SecurityProblems.write(context, unauthorized(context.normalizedPath()), json).toCompletionStage())
                .replaceWith(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return basic.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return basic.getCredentialTransport(context);
    }

    @Override
    public int getPriority() {
        return basic.getPriority();
    }

    static String serialize(ObjectMapper json, Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem is always serializable", e);
        }
    }
}
