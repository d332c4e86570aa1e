package org.ordersaga.platform;

/** A start-up problem the user can fix; printed without a stack trace. */
public class PlatformException extends RuntimeException {
    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
