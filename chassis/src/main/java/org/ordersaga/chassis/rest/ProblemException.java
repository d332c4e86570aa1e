package org.ordersaga.chassis.rest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Thrown by services to answer with an RFC 9457 problem (e.g. 404 for an unknown resource, 422 for a rule). */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final Duration retryAfter;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null, List.of());
    }

    /** A problem the client may retry after {@code retryAfter} (answered as a {@code Retry-After} header). */
    public ProblemException(int status, String title, String detail, Duration retryAfter) {
        this(status, title, detail, retryAfter, List.of());
    }

    /** Invalid input: {@code errors} name each field that is wrong (answered as the problem's {@code errors}). */
    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        this(status, title, detail, null, errors);
    }

    private ProblemException(int status, String title, String detail, Duration retryAfter,
            List<Problem.FieldError> errors) {
        super(title + ": " + detail);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.retryAfter = retryAfter;
        this.errors = List.copyOf(errors);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
