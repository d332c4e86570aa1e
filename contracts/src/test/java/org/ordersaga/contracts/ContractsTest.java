package org.ordersaga.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ContractsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ContractValidator validator = new ContractValidator();

    /** Every message named in the first column of the "Messages" table of docs/conventions.md. */
    static Stream<String> messageTypesInConventions() throws IOException {
        String conventions = Files.readString(conventionsFile());
        String section = conventions.substring(conventions.indexOf("## Messages"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Set<String> types = new LinkedHashSet<>();
        Matcher firstCell = Pattern.compile("(?m)^\\| ([^|]+)\\|").matcher(section);
        while (firstCell.find()) {
            Matcher name = Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(firstCell.group(1));
            while (name.find()) {
                types.add(name.group(1));
            }
        }
        return types.stream();
    }

    @Test
    void conventionsListTheMessages() throws IOException {
        assertThat(messageTypesInConventions()).contains("OrderPlaced", "ReserveInventory", "InventoryReleased",
                "SendNotification", "NotificationSent", "CancelShipment", "ShipmentCancelled", "SettleInventory",
                "InventorySettled").hasSize(26);
    }

    @ParameterizedTest
    @MethodSource("messageTypesInConventions")
    void everyMessageHasASchemaAndAValidExample(String type) throws IOException {
        JsonNode schema = resource(type + ".schema.json");
        assertThat(schema.path("$id").asText()).isEqualTo("urn:ordersaga:contracts:v1:" + type);
        assertThat(schema.path("additionalProperties").asBoolean()).isTrue();

        assertThat(validator.violations(type, resource("examples/" + type + ".json"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("messageTypesInConventions")
    void consumersToleratesAddedFields(String type) throws IOException {
        ObjectNode extended = (ObjectNode) resource("examples/" + type + ".json");
        extended.put("addedInALaterVersion", true);

        assertThat(validator.violations(type, extended)).isEmpty();
    }

    @Test
    void aMissingRequiredFieldAndAWrongEnumAreReported() throws IOException {
        ObjectNode declined = (ObjectNode) resource("examples/PaymentDeclined.json");
        declined.remove("commandId");
        declined.put("reason", "BAD_LUCK");

        assertThat(validator.violations("PaymentDeclined", declined)).hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("commandId"))
                .anySatisfy(v -> assertThat(v).contains("reason"));
    }

    @Test
    void anUnknownTypeHasNoContract() {
        assertThatThrownBy(() -> validator.violations("OrderTeleported", MAPPER.createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = ContractsTest.class.getClassLoader()
                .getResourceAsStream(ContractValidator.VERSION_PATH + name)) {
            assertThat(in).as(name).isNotNull();
            return MAPPER.readTree(in);
        }
    }

    private static Path conventionsFile() {
        return Path.of(System.getProperty("ordersaga.root", "..")).resolve("docs/conventions.md");
    }
}
