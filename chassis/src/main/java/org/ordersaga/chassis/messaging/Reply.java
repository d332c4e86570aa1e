package org.ordersaga.chassis.messaging;

/** A reply to a command: its message type and payload (serialised with the application's ObjectMapper). */
public record Reply(String type, Object payload) {
}
