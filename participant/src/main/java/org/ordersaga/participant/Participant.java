package org.ordersaga.participant;

/**
 * A service that takes the saga's commands: its one bean of this type names them and their handlers; the Kafka consumer
 * ({@link CommandDispatcher}) and the sync endpoints ({@link CommandResource}) are this module's.
 */
public interface Participant {

    Commands commands();
}
