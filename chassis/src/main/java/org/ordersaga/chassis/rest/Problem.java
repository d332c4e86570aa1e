package org.ordersaga.chassis.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of an {@code application/problem+json} response (RFC 9457). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem") // in every service's document, for ProblemResponses to refer to
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid input: a dotted path into the request ({@code items[0].quantity}) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
