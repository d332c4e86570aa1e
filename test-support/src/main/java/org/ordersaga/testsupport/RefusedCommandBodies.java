package org.ordersaga.testsupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.stringContainsInOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.restassured.http.ContentType;
import jakarta.enterprise.inject.spi.CDI;

/**
 * What a participant's sync command endpoints ({@code POST /commands/<command>}, chassis {@code IdempotentCommands})
 * answer their legitimate caller ({@link SagaCaller}) when it sends a body the Kafka consumer would refuse: a body that
 * breaks the command's contract, holds a NUL character, repeats a key or is no JSON object is a 400
 * {@code application/problem+json}, and nothing is stored, not even the {@code Idempotency-Key}, so the same key with
 * a good body is applied later. A subclass is the service's {@code @QuarkusTest}: it names its commands, the bad bodies
 * particular to them, and what the service stores for an order; the cases every command shares (orderId, sagaId, NUL,
 * repeated key, no object) come from here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RefusedCommandBodies {

    /** Stands for the order id in a body: each case sends a new one. */
    public static final String ORDER = "%ORDER%";

    /** {@code body} sent to {@code /commands/<command>} must be refused, naming {@code field} among its errors. */
    public record BadBody(String command, String why, String body, String field) {
        @Override
        public String toString() {
            return command + ": " + why;
        }
    }

    /** The path segments of the service's commands, e.g. {@code reserve-inventory}. */
    protected abstract List<String> commands();

    /** Bad bodies particular to the service's commands, beside the ones every command shares. */
    protected abstract Stream<BadBody> badBodies();

    /**
     * What the service keeps that a command for {@code orderId} could change (stock, credit, the order's records),
     * compared with {@code equals} before and after a refused command.
     */
    protected abstract Object storedFor(String orderId);

    Stream<BadBody> everyBadBody() {
        Stream<BadBody> shared = commands().stream().flatMap(command -> Stream.of(
                new BadBody(command, "no orderId", "{}", "orderId"),
                new BadBody(command, "orderId a number", "{\"orderId\":42}", "orderId"),
                new BadBody(command, "NUL in the orderId", "{\"orderId\":\"%ORDER%\\u0000\"}", "orderId"),
                new BadBody(command, "NUL in a field of no contract",
                        "{\"orderId\":\"%ORDER%\",\"note\":\"a\\u0000b\"}", "note"),
                new BadBody(command, "sagaId a number", "{\"orderId\":\"%ORDER%\",\"sagaId\":7}", "sagaId")));
        return Stream.concat(shared, badBodies());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyBadBody")
    void aBodyThatBreaksItsContractIsA400NamingTheFieldAndStoresNothing(BadBody bad) throws SQLException {
        assertRefused(bad.toString(), bad.command(), bad.body(), "errors.field", hasItem(bad.field()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aRepeatedKeyIsA400AndStoresNothing(String command) throws SQLException {
        assertRefused(command + ": repeated key", command, "{\"orderId\":\"%ORDER%\",\"orderId\":\"another-order\"}",
                "detail", containsString("Duplicate field 'orderId'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aBodyThatIsNoObjectIsA400AndStoresNothing(String command) throws SQLException {
        assertRefused(command + ": an array", command, "[\"%ORDER%\"]",
                "detail", containsString("needs a JSON object"));
    }

    @Test
    void aCommandTheServiceDoesNotTakeIsA404ListingItsCommandsAndStoresNothing() throws SQLException {
        String key = UUID.randomUUID() + ":teleport-order";

        given().auth().preemptive().basic(SagaCaller.USER, SagaCaller.PASSWORD)
                .contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"orderId\":\"" + UUID.randomUUID() + "\"}").post("/commands/teleport-order")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", stringContainsInOrder(commands().stream().sorted().toList()));

        assertThat(rows("select count(*) from inbox.processed_message where message_id = ?", key)).isZero();
    }

    /** {@code what} names the case in a failure: Surefire reports a parameterised test by its index only. */
    private void assertRefused(String what, String command, String body, String problemPath, Matcher<?> expected)
            throws SQLException {
        String orderId = UUID.randomUUID().toString();
        String key = orderId + ":" + command;
        Object before = storedFor(orderId);

        try {
            given().auth().preemptive().basic(SagaCaller.USER, SagaCaller.PASSWORD)
                    .contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(body.replace(ORDER, orderId)).post("/commands/" + command)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("instance", equalTo("/commands/" + command))
                    .body(problemPath, expected);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }

        assertThat(storedFor(orderId)).as("%s: what the service stores for the order", what).isEqualTo(before);
        assertThat(rows("select count(*) from inbox.processed_message where message_id = ?", key))
                .as("%s: claims of the key", what).isZero();
        assertThat(rows("select count(*) from inbox.command_reply where command_id = ?", key))
                .as("%s: answers recorded for the key", what).isZero();
    }

    private static int rows(String sql, String key) throws SQLException {
        DataSource database = CDI.current().select(DataSource.class).get();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, key);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
