package org.ordersaga.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks a message payload against its versioned contract, {@code contracts/v1/<Type>.schema.json} on the classpath.
 * Meant for producers' tests: {@code assertThat(new ContractValidator().violations("InventoryReserved", payload)).isEmpty()}.
 */
public class ContractValidator {

    public static final String VERSION_PATH = "contracts/v1/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** Human-readable violations, empty when the payload satisfies the contract of {@code type}. */
    public List<String> violations(String type, JsonNode payload) {
        return schemas.computeIfAbsent(type, this::load).validate(payload).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private JsonSchema load(String type) {
        String resource = VERSION_PATH + type + ".schema.json";
        try (InputStream in = ContractValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No contract for message type " + type + " (" + resource + ")");
            }
            return FACTORY.getSchema(mapper.readTree(in), CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
