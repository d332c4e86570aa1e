package org.ordersaga.order.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.CommandReplies;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.contracts.Topics;
import org.ordersaga.order.domain.IllegalOrderTransitionException;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.persistence.OrderRepository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The saga's commands to order-service: {@code ApproveOrder} and {@code RejectOrder}. Each command has one effect
 * (inbox keyed by commandId); a duplicate is answered with the same reply.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OrderDecisions {

    static final String CONSUMER = "order-service.order-commands";
    private static final Logger LOG = Logger.getLogger(OrderDecisions.class);

    private final OrderRepository orders;
    private final CommandReplies replies;

    public OrderDecisions(OrderRepository orders, CommandReplies replies) {
        this.orders = orders;
        this.replies = replies;
    }

    public void handle(IncomingMessage command) {
        switch (command.type()) {
            case "ApproveOrder" -> replies.answerOnce(CONSUMER, Topics.SAGA_REPLIES, command,
                    () -> decide(command, "OrderApproved",
                            order -> order.approve(command.payload().path("totalCents").asLong(), Instant.now())));
            case "RejectOrder" -> replies.answerOnce(CONSUMER, Topics.SAGA_REPLIES, command,
                    () -> decide(command, "OrderRejected",
                            order -> order.reject(command.text("reason"), Instant.now())));
            default -> LOG.debugf("Ignoring %s on order-commands", command.type());
        }
    }

    private Optional<Reply> decide(IncomingMessage command, String replyType,
                                   java.util.function.Consumer<Order> decision) {
        String orderId = command.text("orderId");
        Optional<Order> order = orders.findByIdOptional(UUID.fromString(orderId));
        if (order.isEmpty()) {
            LOG.errorf("%s for unknown order %s: no reply", command.type(), orderId);
            return Optional.empty();
        }
        try {
            decision.accept(order.get());
        } catch (IllegalOrderTransitionException e) {
            // The saga sends one decision per order; a contradicting one is a bug to look at, not to answer.
            LOG.errorf("%s refused: %s", command.type(), e.getMessage());
            return Optional.empty();
        }
        LOG.infof("Order %s is now %s", orderId, order.get().getStatus());
        return Optional.of(new Reply(replyType, replyPayload(command)));
    }

    private static Map<String, Object> replyPayload(IncomingMessage command) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("commandId", command.text("commandId"));
        payload.put("sagaId", command.text("sagaId"));
        payload.put("orderId", command.text("orderId"));
        return payload;
    }
}
