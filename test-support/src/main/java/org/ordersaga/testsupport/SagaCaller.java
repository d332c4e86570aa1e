package org.ordersaga.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * order-service's user in every participant's {@code %dev} and {@code %test} profile: the one caller with role
 * {@code saga}, which the sync command endpoints ({@code /commands/*}) require.
 */
public final class SagaCaller {

    public static final String USER = "order-service";
    public static final String PASSWORD = "order-service";

    private SagaCaller() {
    }

    /** The value of an {@code Authorization} header for HTTP clients other than REST Assured. */
    public static String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
