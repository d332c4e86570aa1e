package org.ordersaga.systemtests.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.ordersaga.testsupport.OperatorCaller;
import org.ordersaga.testsupport.SagaCaller;

/**
 * The local stack's (dev profile's) documented users (README), as HTTP Basic {@code Authorization} values: operator
 * (fault injection, operator actions, the rollout switch), viewer (the orchestrator's read APIs, notification-service's
 * notifications) and order-service (role saga: the participants' {@code /commands/*}).
 */
public final class DevUsers {

    public static final String OPERATOR = basic(OperatorCaller.USER, OperatorCaller.PASSWORD);
    public static final String VIEWER = basic("viewer", "viewer");
    public static final String ORDER_SERVICE = SagaCaller.basicAuthorization();

    private DevUsers() {
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
