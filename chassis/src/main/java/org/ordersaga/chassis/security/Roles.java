package org.ordersaga.chassis.security;

/**
 * The roles every service's HTTP Basic users carry (embedded users: dev/test in the chassis'
 * META-INF/microprofile-config.properties, prod in each application.properties; documented in the README). Constants
 * so that an annotation and the users granting it cannot drift apart.
 */
public final class Roles {

    /** A saga participant's internal command endpoints ({@code /commands/*}): held by order-service's user only. */
    public static final String SAGA = "saga";
    /** Changes made by a person: fault injection, operator actions, the rollout switch. */
    public static final String OPERATOR = "operator";
    /** Reads that show customer data (the orchestrator's saga, dead-letter and console APIs, the notifications). */
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
