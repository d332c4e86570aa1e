package org.ordersaga.order.client;

import io.smallrye.config.ConfigMapping;

/**
 * {@code ordersaga.participants.*}: the user order-service signs its sync-mode calls with; the participants grant it
 * role {@code saga}, which their {@code /commands/*} need.
 */
@ConfigMapping(prefix = "ordersaga.participants")
public interface ParticipantCredentials {

    String user();

    String password();
}
