package org.ordersaga.chassis.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

class ProblemDetailsTest {

    record Item(@NotBlank String sku, @Positive int quantity) {
    }

    record PlaceOrder(@NotBlank String customerId, @NotEmpty List<@Valid Item> items) {
    }

    static class Orders {
        public void place(@Valid PlaceOrder request) {
        }
    }

    private final ProblemDetails problems = new ProblemDetails();
    private final UriInfo ordersUri = uriWithPath("orders");
    private final Validator validator = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();

    @Test
    void invalidBodyFieldsBecomeA400ListingEachFieldWithoutMethodAndParameterNames() throws Exception {
        PlaceOrder request = new PlaceOrder("", List.of(new Item("SKU-PEN", 0)));
        var violations = validator.forExecutables().validateParameters(new Orders(),
                Orders.class.getMethod("place", PlaceOrder.class), new Object[] { request });

        Response response = problems.constraintViolation(new ConstraintViolationException(violations), ordersUri);

        Problem problem = (Problem) response.getEntity();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(problem.instance()).isEqualTo("/orders");
        assertThat(problem.errors()).extracting(Problem.FieldError::field)
                .containsExactly("customerId", "items[0].quantity");
    }

    @Test
    void aWrongJsonTypeNamesTheField() {
        MismatchedInputException wrongType = catchJson(
                () -> new ObjectMapper().readValue("{\"items\":[{\"sku\":\"A\",\"quantity\":\"lots\"}]}", PlaceOrder.class));

        Problem problem = (Problem) problems.mismatchedInput(wrongType, ordersUri).getEntity();

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.title()).isEqualTo("Malformed JSON");
        assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("items[0].quantity");
    }

    @Test
    void unparsableJsonIsA400() {
        JsonParseException broken = catchJson(() -> new ObjectMapper().readTree("{\"customerId\": "));

        Response response = problems.malformedJson(broken, ordersUri);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((Problem) response.getEntity()).detail()).startsWith("The request body is not valid JSON");
    }

    @Test
    void aServiceProblemKeepsItsStatusTitleAndDetail() {
        Response response = problems.problem(
                new ProblemException(404, "Reservation not found", "No reservation for order o-1"), uriWithPath("/reservations"));

        Problem problem = (Problem) response.getEntity();
        assertThat(problem).isEqualTo(new Problem("urn:ordersaga:problem:reservation-not-found", "Reservation not found",
                404, "No reservation for order o-1", "/reservations", List.of()));
    }

    @Test
    void aServiceProblemAboutInvalidInputListsItsFields() {
        List<Problem.FieldError> errors = List.of(new Problem.FieldError("items", "null found, array expected"));

        Response response = problems.problem(new ProblemException(400, "Invalid request", "1 field(s) are invalid",
                errors), uriWithPath("/commands/reserve-inventory"));

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((Problem) response.getEntity()).errors()).isEqualTo(errors);
    }

    @Test
    void aProblemToRetryLaterSaysWhenInWholeSeconds() {
        Response response = problems.problem(new ProblemException(503, "Too many orders in flight", "limit 500",
                Duration.ofMillis(1_200)), uriWithPath("/orders"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void frameworkHttpErrorsKeepTheirStatus() {
        Problem problem = (Problem) problems.webApplication(new NotFoundException("no such path"), ordersUri).getEntity();

        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.title()).isEqualTo("Not Found");
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E catchJson(ThrowingCall call) {
        try {
            call.run();
        } catch (Exception e) {
            return (E) e;
        }
        throw new AssertionError("expected a JSON exception");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static UriInfo uriWithPath(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] { UriInfo.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getPath")) {
                        return path;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
