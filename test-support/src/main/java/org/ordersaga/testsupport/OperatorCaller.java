package org.ordersaga.testsupport;

/**
 * The operator's user in every service's {@code %dev} and {@code %test} profile: role {@code operator}, which fault
 * injection ({@code PUT/DELETE /admin/faults}) and the operator actions require. It has no role {@code saga}.
 */
public final class OperatorCaller {

    public static final String USER = "operator";
    public static final String PASSWORD = "operator";

    private OperatorCaller() {
    }
}
