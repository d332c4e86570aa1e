package org.ordersaga.order.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;

class ParticipantAuthorizationTest {

    @Test
    void everyParticipantCallCarriesOrderServicesCredentialAndNothingOfTheIncomingRequest() {
        MultivaluedHashMap<String, String> incoming = new MultivaluedHashMap<>();
        incoming.putSingle("Authorization", "Basic b3BlcmF0b3I6b3BlcmF0b3I=");

        var added = new ParticipantAuthorization(credentials("order-service", "order-service"))
                .update(incoming, new MultivaluedHashMap<>());

        assertThat(added).containsOnlyKeys("Authorization");
        assertThat(added.getFirst("Authorization")).isEqualTo("Basic b3JkZXItc2VydmljZTpvcmRlci1zZXJ2aWNl");
    }

    @Test
    void aRefusedCredentialIsAParticipantFailureNotARefusalOfTheOrder() {
        for (int status : new int[] { 401, 403 }) {
            assertThatThrownBy(() -> Responses.classify("VoidPayment", () -> {
                throw new WebApplicationException(Response.status(status).build());
            })).isInstanceOf(ParticipantFailure.class).hasMessageContaining("credential");
        }
        assertThatThrownBy(() -> Responses.classify("VoidPayment", () -> {
            throw new WebApplicationException(Response.status(409).build());
        })).isInstanceOf(ParticipantRefusedRequest.class);
    }

    private static ParticipantCredentials credentials(String user, String password) {
        return new ParticipantCredentials() {
            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }
        };
    }
}
