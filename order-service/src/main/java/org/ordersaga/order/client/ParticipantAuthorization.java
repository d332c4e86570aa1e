package org.ordersaga.order.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/** HTTP Basic with {@link ParticipantCredentials} on every participant call; nothing of the incoming request. */
@ApplicationScoped
public class ParticipantAuthorization implements ClientHeadersFactory {

    private final String authorization;

    public ParticipantAuthorization(ParticipantCredentials credentials) {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incomingHeaders,
            MultivaluedMap<String, String> clientOutgoingHeaders) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(HttpHeaders.AUTHORIZATION, authorization);
        return headers;
    }
}
