package org.ordersaga.order.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.outbox.Outbox;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.contracts.Topics;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.IdempotencyRecord;
import org.ordersaga.order.domain.KeyedRequest;
import org.ordersaga.order.domain.Order;
import org.ordersaga.order.domain.OrderItem;
import org.ordersaga.order.domain.RecordedAnswer;
import org.ordersaga.order.domain.ShippingAddress;
import org.ordersaga.order.persistence.CustomerRepository;
import org.ordersaga.order.persistence.IdempotencyRecordRepository;
import org.ordersaga.order.persistence.OrderRepository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Accepts orders in the asynchronous mode: the PENDING order and its {@code OrderPlaced} event are written in one
 * transaction, so the event exists if and only if the order does.
 */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class);

    private final OrderRepository orders;
    private final CustomerRepository customers;
    private final Outbox outbox;
    private final OrderAdmission admission;
    private final IdempotencyRecordRepository keys;
    private final DatabaseRetry database;

    public OrderPlacement(OrderRepository orders, CustomerRepository customers, Outbox outbox,
                          OrderAdmission admission, IdempotencyRecordRepository keys, DatabaseRetry database) {
        this.orders = orders;
        this.customers = customers;
        this.outbox = outbox;
        this.admission = admission;
        this.keys = keys;
        this.database = database;
    }

    /**
     * Refused with 503 while too many orders are undecided ({@link OrderAdmission}), 422 for an unknown customer;
     * nothing is written then, not even the key, so the client may send the same request again. A keyed request
     * stores its key with {@code answer} (what the client is answered) in the order's transaction; when another
     * request stored the key first, {@link IdempotencyKeyInUse} rolls this one back.
     * <p>
     * A transaction that lost its database connection is tried again with the same order ID ({@link DatabaseRetry}):
     * if the connection was lost during a commit that went through, the order is there and is the answer.
     * Returns the accepted order, as committed.
     */
    public Order place(String customerId, List<OrderItem> items, ShippingAddress shippingAddress,
                       Optional<KeyedRequest> key, Function<Order, RecordedAnswer> answer) {
        UUID orderId = UUID.randomUUID();
        String traceId = currentTraceId();
        return database.call("Placing order " + orderId, attempt -> QuarkusTransaction.requiringNew().call(() -> {
            Optional<Order> committed = attempt > 1 ? orders.findByIdOptional(orderId) : Optional.empty();
            if (committed.isPresent()) {
                return committed.get();
            }
            return placeOnce(orderId, traceId, customerId, items, shippingAddress, key, answer);
        }));
    }

    private Order placeOnce(UUID orderId, String traceId, String customerId, List<OrderItem> items,
                            ShippingAddress shippingAddress, Optional<KeyedRequest> key,
                            Function<Order, RecordedAnswer> answer) {
        admission.admitAsyncOrder();
        if (customers.findByIdOptional(customerId).isEmpty()) {
            throw new ProblemException(422, "Unknown customer", "No customer with id " + customerId);
        }
        Instant now = Instant.now();
        Order order = Order.place(orderId, customerId, OrderMode.ASYNC, items, shippingAddress, traceId, now);
        try (LogContext.Scope ignored = LogContext.forOrder(order.getId().toString(), null)) {
            // the key first: a concurrent request with the same key waits here and writes nothing
            if (key.isPresent() && !keys.insertIfAbsent(IdempotencyRecord.answered(key.get(), order.getId(),
                    OrderMode.ASYNC, now, answer.apply(order)))) {
                throw new IdempotencyKeyInUse(key.get().key());
            }
            orders.persist(order);
            outbox.publish(Topics.ORDER_EVENTS, order.getId().toString(), "OrderPlaced", orderPlaced(order));
            LOG.infof("Order placed for %s with %d item(s)", customerId, items.size());
        }
        return order;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Order> find(UUID id) {
        return orders.findByIdOptional(id);
    }

    private static Map<String, Object> orderPlaced(Order order) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("orderId", order.getId().toString());
        event.put("customerId", order.getCustomerId());
        event.put("items", order.getItems());
        event.put("shippingAddress", order.getShippingAddress());
        event.put("placedAt", order.getPlacedAt().toString());
        return event;
    }

    private static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
