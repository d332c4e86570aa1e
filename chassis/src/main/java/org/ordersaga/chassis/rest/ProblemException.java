package org.ordersaga.chassis.rest;

import java.time.Duration;
import java.util.Optional;

/** Thrown by services to answer with an RFC 9457 problem (e.g. 404 for an unknown resource, 422 for a rule). */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;
    private final Duration retryAfter;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    /** A problem the client may retry after {@code retryAfter} (answered as a {@code Retry-After} header). */
    public ProblemException(int status, String title, String detail, Duration retryAfter) {
        super(title + ": " + detail);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.retryAfter = retryAfter;
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
}
