package org.ordersaga.contracts;

import java.util.List;
import java.util.stream.Stream;

/**
 * The Kafka topics of the saga, named once (docs/conventions.md describes what flows on each). A service's channel
 * names its topic in application.properties; the code that writes to a topic or lists them uses these.
 */
public final class Topics {

    public static final String ORDER_EVENTS = "order-events";
    public static final String ORDER_COMMANDS = "order-commands";
    public static final String INVENTORY_COMMANDS = "inventory-commands";
    public static final String PAYMENT_COMMANDS = "payment-commands";
    public static final String FULFILLMENT_COMMANDS = "fulfillment-commands";
    public static final String NOTIFICATION_COMMANDS = "notification-commands";
    public static final String SAGA_REPLIES = "saga-replies";

    /** Where a topic's consumers put the records they give up on. */
    public static final String DEAD_LETTER_SUFFIX = ".dead-letter";

    /** The participants' command topics, in the order the saga first uses them. */
    public static final List<String> COMMANDS = List.of(ORDER_COMMANDS, INVENTORY_COMMANDS, PAYMENT_COMMANDS,
            FULFILLMENT_COMMANDS, NOTIFICATION_COMMANDS);

    /** Every topic the saga uses, without the dead-letter topics. */
    public static final List<String> SAGA = Stream.of(List.of(ORDER_EVENTS), COMMANDS, List.of(SAGA_REPLIES))
            .flatMap(List::stream).toList();

    /** The saga's topics followed by their dead-letter topics: what a platform creates. */
    public static final List<String> ALL = Stream.concat(SAGA.stream(), SAGA.stream().map(Topics::deadLetter)).toList();

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
