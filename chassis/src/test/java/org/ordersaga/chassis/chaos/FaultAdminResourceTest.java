package org.ordersaga.chassis.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ordersaga.chassis.rest.Problem;

import com.fasterxml.jackson.databind.ObjectMapper;

class FaultAdminResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> problems(String body) throws Exception {
        List<Problem.FieldError> errors = new ArrayList<>();
        FaultAdminResource.parse(JSON.readTree(body), errors);
        return errors.stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void aValidBodyReplacesBothSections() throws Exception {
        List<Problem.FieldError> errors = new ArrayList<>();
        Faults faults = FaultAdminResource.parse(JSON.readTree(
                "{\"rest\":{\"latencyMs\":100,\"jitterMs\":20,\"errorRate\":0.25},\"messages\":{\"unavailable\":true}}"),
                errors);
        assertThat(errors).isEmpty();
        assertThat(faults).isEqualTo(new Faults(new FaultSpec(100, 20, 0.25, false), new FaultSpec(0, 0, 0, true)));
        assertThat(FaultAdminResource.parse(JSON.readTree("{}"), errors)).isEqualTo(Faults.NONE);
    }

    @Test
    void everyBadFieldIsNamed() throws Exception {
        assertThat(problems("{\"rest\":{\"latencyMs\":-5,\"errorRate\":1.5,\"unavailable\":\"yes\"}}"))
                .containsExactlyInAnyOrder("rest.latencyMs", "rest.errorRate", "rest.unavailable");
        assertThat(problems("{\"messages\":{\"latency\":5,\"jitterMs\":1.5}}"))
                .containsExactlyInAnyOrder("messages.latency", "messages.jitterMs");
        assertThat(problems("{\"rest\":{\"latencyMs\":60001}}")).containsExactly("rest.latencyMs");
        assertThat(problems("{\"kafka\":{}}")).containsExactly("kafka");
        assertThat(problems("{\"rest\":[]}")).containsExactly("rest");
        assertThat(problems("[]")).hasSize(1);
    }
}
