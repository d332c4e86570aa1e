package org.ordersaga.chassis.rest;

/** Thrown by services to answer with an RFC 9457 problem (e.g. 404 for an unknown resource, 422 for a rule). */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;

    public ProblemException(int status, String title, String detail) {
        super(title + ": " + detail);
        this.status = status;
        this.title = title;
        this.detail = detail;
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
