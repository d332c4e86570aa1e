package org.ordersaga.chassis.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ordersaga.chassis.rest.Problem;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.contracts.ContractValidator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class CommandContractsTest {

    private final CommandContracts contracts = new CommandContracts();
    private final ObjectMapper mapper = new ObjectMapper();

    /** What order-service's chain sends: the Kafka command's example without the command and saga ids. */
    @ParameterizedTest
    @ValueSource(strings = { "ReserveInventory", "ReleaseInventory", "SettleInventory", "AuthorizePayment",
            "VoidPayment", "CapturePayment", "ScheduleShipment", "CancelShipment", "SendNotification" })
    void theChainsBodyOfEveryCommandPasses(String type) throws IOException {
        ObjectNode body = example(type);
        body.remove("commandId");
        body.remove("sagaId");

        assertThatCode(() -> contracts.check(type, body)).doesNotThrowAnyException();
    }

    @Test
    void nullItemsAndAnIllTypedOrderIdAreNamed() throws IOException {
        Problem.FieldError[] expected = {
                new Problem.FieldError("items", "null found, array expected"),
                new Problem.FieldError("orderId", "integer found, string expected") };

        ProblemException problem = refused("ReserveInventory", "{\"orderId\":42,\"items\":null}");

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isEqualTo("ReserveInventory breaks its contract: 2 field(s) are invalid");
        assertThat(problem.errors()).containsExactly(expected);
    }

    @Test
    void aFractionalQuantityAMissingSkuAndANulCharacterAreNamedByTheirPath() throws IOException {
        ProblemException problem = refused("ReserveInventory", """
                {"orderId":"o-1","items":[{"sku":"SKU-\\u0000","quantity":1},{"quantity":1.5}]}""");

        assertThat(problem.errors()).containsExactly(
                new Problem.FieldError("items[0].sku", "must not contain the NUL character (U+0000)"),
                new Problem.FieldError("items[1].quantity", "number found, integer expected"),
                new Problem.FieldError("items[1].sku", "is required"));
    }

    @Test
    void aMissingTopLevelFieldIsNamedAndTheTransportsFieldsAreNotAskedFor() throws IOException {
        ProblemException problem = refused("AuthorizePayment", "{\"orderId\":\"o-1\",\"customerId\":\"c-1\"}");

        assertThat(problem.errors()).containsExactly(new Problem.FieldError("amountCents", "is required"));
    }

    @Test
    void aSagaIdTheCallerSentIsCheckedAsSent() throws IOException {
        ProblemException problem = refused("ReleaseInventory", "{\"orderId\":\"o-1\",\"sagaId\":7}");

        assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("sagaId");
    }

    @Test
    void aNulCharacterInAFieldNameIsNamedToo() throws IOException {
        ProblemException problem = refused("ReleaseInventory", "{\"orderId\":\"o-1\",\"no\\u0000te\":\"x\"}");

        assertThat(problem.errors()).extracting(Problem.FieldError::message)
                .containsExactly("the name must not contain the NUL character (U+0000)");
    }

    @Test
    void aBodyThatIsNoObjectIsRefused() {
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> contracts.check("ReleaseInventory", mapper.createArrayNode()));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isEqualTo("ReleaseInventory needs a JSON object");
        assertThat(catchThrowableOfType(ProblemException.class, () -> contracts.check("ReleaseInventory", null)))
                .isNotNull();
    }

    @Test
    void aViolationOfAnotherShapeKeepsItsWholeText() {
        assertThat(CommandContracts.fieldError("something unexpected"))
                .isEqualTo(new Problem.FieldError("", "something unexpected"));
        assertThat(CommandContracts.fieldError("/a~1b/0: bad")).isEqualTo(new Problem.FieldError("a/b[0]", "bad"));
    }

    private ProblemException refused(String type, String body) throws IOException {
        JsonNode json = mapper.readTree(body);
        return catchThrowableOfType(ProblemException.class, () -> contracts.check(type, json));
    }

    private ObjectNode example(String type) throws IOException {
        try (InputStream in = ContractValidator.class.getClassLoader()
                .getResourceAsStream(ContractValidator.VERSION_PATH + "examples/" + type + ".json")) {
            return (ObjectNode) mapper.readTree(in);
        }
    }
}
