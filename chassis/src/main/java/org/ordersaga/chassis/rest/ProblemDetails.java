package org.ordersaga.chassis.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Turns every error a REST endpoint can raise into an {@code application/problem+json} response (RFC 9457), so that
 * clients get one error shape: type, title, status, detail, instance and, for invalid input, {@code errors}.
 * Ranked ahead of Quarkus' built-in mappers for the same exceptions.
 */
public class ProblemDetails {

    private static final Logger LOG = Logger.getLogger(ProblemDetails.class);
    private static final int AHEAD_OF_BUILT_IN = Priorities.USER - 100;
    private static final String TYPE_PREFIX = "urn:ordersaga:problem:";

    @ServerExceptionMapper(priority = AHEAD_OF_BUILT_IN)
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemDetails::isReturnValueViolation)) {
            // The service produced an invalid response: a bug on our side, not bad input.
            LOG.error("Response failed validation", e);
            return respond(new Problem(TYPE_PREFIX + "internal-error", "Internal error", 500,
                    "The service could not produce a valid response", path(uri), List.of()));
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(new Problem(TYPE_PREFIX + "invalid-request", "Invalid request", 400,
                errors.size() + " field(s) are invalid", path(uri), errors));
    }

    @ServerExceptionMapper(priority = AHEAD_OF_BUILT_IN)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String field = jsonPath(e);
        String type = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
        String why = e instanceof StrictRequestJson.NulCharacterException
                ? StrictRequestJson.NO_NUL_CHARACTER : "must be of type " + type;
        List<Problem.FieldError> errors = field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, why));
        return respond(new Problem(TYPE_PREFIX + "malformed-json", "Malformed JSON", 400,
                "The request body does not match the expected structure", path(uri), errors));
    }

    @ServerExceptionMapper(priority = AHEAD_OF_BUILT_IN)
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(new Problem(TYPE_PREFIX + "malformed-json", "Malformed JSON", 400,
                "The request body is not valid JSON: " + e.getOriginalMessage(), path(uri), List.of()));
    }

    @ServerExceptionMapper(priority = AHEAD_OF_BUILT_IN)
    public Response problem(ProblemException e, UriInfo uri) {
        Problem problem = new Problem(TYPE_PREFIX + slug(e.title()), e.title(), e.status(), e.detail(), path(uri),
                e.errors());
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        // whole seconds, at least one (RFC 9110 delay-seconds)
        e.retryAfter().ifPresent(after -> response.header("Retry-After", Math.max(1, (after.toMillis() + 999) / 1000)));
        return response.build();
    }

    @ServerExceptionMapper(priority = AHEAD_OF_BUILT_IN)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        String detail = status.getStatusCode() >= 500 ? "The service failed to handle the request" : e.getMessage();
        if (status.getStatusCode() >= 500) {
            LOG.error("Request failed", e);
        }
        return respond(new Problem(TYPE_PREFIX + slug(status.getReasonPhrase()), status.getReasonPhrase(),
                status.getStatusCode(), detail, path(uri), List.of()));
    }

    @ServerExceptionMapper(priority = Priorities.USER + 100)
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("Unhandled error", e);
        return respond(new Problem(TYPE_PREFIX + "internal-error", "Internal error", 500,
                "The service failed to handle the request", path(uri), List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static boolean isReturnValueViolation(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** "placeOrder.request.items[0].quantity" becomes "items[0].quantity"; a bare parameter keeps its name. */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        int start = 0;
        while (start < nodes.size() - 1 && isInvocationNode(nodes.get(start))) {
            start++;
        }
        StringBuilder field = new StringBuilder();
        for (Path.Node node : nodes.subList(start, nodes.size())) {
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.toString();
    }

    private static boolean isInvocationNode(Path.Node node) {
        return node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR
                || node.getKind() == ElementKind.PARAMETER;
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            }
        }
        return field.toString();
    }

    private static String slug(String text) {
        return text == null ? "error" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
