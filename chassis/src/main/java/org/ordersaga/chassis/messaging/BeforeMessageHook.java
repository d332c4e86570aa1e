package org.ordersaga.chassis.messaging;

/**
 * Called by {@link CommandReplies} before a command's effect and before the inbox records it: what it throws fails the
 * message (its transaction rolls back and it is delivered again), and a command it holds is not recorded meanwhile.
 * Fault injection implements it, so that messaging does not depend on fault injection.
 */
public interface BeforeMessageHook {

    /** {@code what} names the message in logs and failures (its type and command id). */
    void beforeMessage(String what);
}
