package org.ordersaga.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A service's OpenAPI document is checked in as {@code docs/api/<service>.yaml}: this test fails when that file is no
 * longer what the service serves at {@code /q/openapi}. The file is the copy the build stores in
 * {@code <service>/target/openapi/openapi.yaml} ({@code quarkus.smallrye-openapi.store-schema-directory}), compared
 * byte for byte; the served document is the same one with the keys of some objects in another order, so that one is
 * compared with the stored one as a tree. {@code /q/openapi} and Swagger UI need no credentials, as
 * {@code /q/health}. A subclass is the service's {@code @QuarkusTest}.
 * <p>
 * Regenerate after an API change: run the test with {@code -Dopenapi.update=true}, which copies the stored document to
 * {@code docs/api/<service>.yaml} (or copy it yourself after a build), and review the diff.
 */
public abstract class CheckedInOpenApi {

    /** Set to {@code true} to copy the stored document over the checked-in one instead of comparing them. */
    public static final String UPDATE_PROPERTY = "openapi.update";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String service;

    /** {@code service}: the module's name, also the checked-in file's ({@code order-service}). */
    protected CheckedInOpenApi(String service) {
        this.service = service;
    }

    @Test
    void theCheckedInDocumentIsTheServedOne() {
        String served = given().accept("application/yaml").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        Path stored = PlatformProcess.projectRoot().resolve(service).resolve("target/openapi/openapi.yaml");
        String storedText = read(stored);
        assertThat(tree(storedText)).as("%s/target/openapi/openapi.yaml, stored by this build, against the document"
                + " the service serves", service).isEqualTo(tree(served));

        Path checkedIn = PlatformProcess.projectRoot().resolve("docs/api").resolve(service + ".yaml");
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(checkedIn, storedText);
            return;
        }
        String regenerate = "Review the API change, then regenerate: ./mvnw -B test -pl " + service + " -am -Dtest="
                + getClass().getSimpleName() + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY
                + "=true (or copy " + service + "/target/openapi/openapi.yaml to docs/api/" + service + ".yaml)";
        assertThat(Files.exists(checkedIn)).as("docs/api/%s.yaml is missing. %s", service, regenerate).isTrue();
        String expected = read(checkedIn);
        if (!expected.equals(storedText)) {
            throw new AssertionError("docs/api/" + service + ".yaml is not the document the service serves at"
                    + " /q/openapi; " + firstDifference(expected, storedText) + ". " + regenerate);
        }
    }

    @Test
    void swaggerUiAnswersWithoutCredentials() {
        given().get("/q/swagger-ui").then().statusCode(200).contentType(containsString("text/html"));
    }

    private static String firstDifference(String expected, String actual) {
        List<String> expectedLines = expected.lines().toList();
        List<String> actualLines = actual.lines().toList();
        int line = 0;
        while (line < expectedLines.size() && line < actualLines.size()
                && expectedLines.get(line).equals(actualLines.get(line))) {
            line++;
        }
        if (line == expectedLines.size() && line == actualLines.size()) {
            return "the lines are the same, their endings are not";
        }
        return "first difference at line " + (line + 1) + ": checked in «" + lineOrEnd(expectedLines, line)
                + "», generated «" + lineOrEnd(actualLines, line) + "»";
    }

    private static String lineOrEnd(List<String> lines, int index) {
        return index < lines.size() ? lines.get(index) : "(end of file)";
    }

    private static JsonNode tree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not an OpenAPI document in YAML", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
