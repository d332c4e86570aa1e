package org.ordersaga.payment.service;

import static org.ordersaga.payment.messaging.PaymentMessages.AUTHORIZE_PAYMENT;
import static org.ordersaga.payment.messaging.PaymentMessages.CAPTURE_PAYMENT;
import static org.ordersaga.payment.messaging.PaymentMessages.PAYMENT_AUTHORIZED;
import static org.ordersaga.payment.messaging.PaymentMessages.PAYMENT_CAPTURED;
import static org.ordersaga.payment.messaging.PaymentMessages.PAYMENT_DECLINED;
import static org.ordersaga.payment.messaging.PaymentMessages.PAYMENT_VOIDED;
import static org.ordersaga.payment.messaging.PaymentMessages.VOID_PAYMENT;

import java.time.Clock;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.logging.LogContext;
import org.ordersaga.chassis.messaging.CommandReplies;
import org.ordersaga.chassis.messaging.IncomingMessage;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.payment.domain.Authorization;
import org.ordersaga.payment.domain.AuthorizationState;
import org.ordersaga.payment.domain.CreditAccount;
import org.ordersaga.payment.messaging.PaymentMessages.AuthorizePayment;
import org.ordersaga.payment.messaging.PaymentMessages.PaymentAuthorized;
import org.ordersaga.payment.messaging.PaymentMessages.PaymentCaptured;
import org.ordersaga.payment.messaging.PaymentMessages.PaymentDeclined;
import org.ordersaga.payment.messaging.PaymentMessages.PaymentVoided;
import org.ordersaga.payment.persistence.AuthorizationRepository;
import org.ordersaga.payment.persistence.CreditAccountRepository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Applies payment commands once each and answers them on {@code saga-replies}, all in one transaction. */
@ApplicationScoped
public class PaymentCommandHandler {

    public static final String CONSUMER = "payment-service";
    public static final String REPLY_TOPIC = "saga-replies";
    /** The decline reason of an authorize that arrives after the order's void. */
    public static final String ORDER_CANCELLED = "ORDER_CANCELLED";
    private static final Logger LOG = Logger.getLogger(PaymentCommandHandler.class);

    private final CreditAccountRepository accounts;
    private final AuthorizationRepository authorizations;
    private final CommandReplies replies;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public PaymentCommandHandler(CreditAccountRepository accounts, AuthorizationRepository authorizations,
            CommandReplies replies, ObjectMapper mapper) {
        this.accounts = accounts;
        this.authorizations = authorizations;
        this.replies = replies;
        this.mapper = mapper;
    }

    @Transactional
    public void handle(IncomingMessage command) {
        try (var log = LogContext.forOrder(command.text("orderId"), command.text("sagaId"))) {
            String commandId = command.text("commandId");
            String sagaId = command.text("sagaId");
            String orderId = command.text("orderId");
            switch (command.type() == null ? "" : command.type()) {
                case AUTHORIZE_PAYMENT -> replies.answerOnce(CONSUMER, REPLY_TOPIC, command,
                        () -> Optional.of(authorize(read(command, AuthorizePayment.class))));
                case VOID_PAYMENT -> replies.answerOnce(CONSUMER, REPLY_TOPIC, command,
                        () -> Optional.of(voidPayment(commandId, sagaId, orderId)));
                case CAPTURE_PAYMENT -> replies.answerOnce(CONSUMER, REPLY_TOPIC, command,
                        () -> capture(commandId, sagaId, orderId));
                default -> LOG.warnf("Ignoring message of unknown type %s (id %s)", command.type(), command.id());
            }
        }
    }

    /**
     * The same commands arriving over the synchronous REST endpoints (key = command id): the effect and its reply in
     * the caller's transaction, without inbox or outbox, which {@code IdempotentCommands} replaces. An authorize for a
     * voided order is no business outcome the caller waits for (it gave up on that call): it is refused with 409.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reply apply(IncomingMessage command) {
        String commandId = command.text("commandId");
        String orderId = command.text("orderId");
        return switch (command.type()) {
            case AUTHORIZE_PAYMENT -> refuseCancelled(authorize(read(command, AuthorizePayment.class)));
            case VOID_PAYMENT -> voidPayment(commandId, null, orderId);
            case CAPTURE_PAYMENT -> capture(commandId, null, orderId).orElseThrow(() -> new ProblemException(409,
                    "Capture refused", "Order " + orderId + " has no authorization that can be captured"));
            default -> throw new IllegalArgumentException("Not a payment command: " + command.type());
        };
    }

    /** An order that was voided (even before anything was held) is declined without effect. */
    private Reply authorize(AuthorizePayment command) {
        Optional<Authorization> existing = authorizations.findByOrderId(command.orderId());
        if (existing.isPresent() && existing.get().state() == AuthorizationState.VOIDED) {
            return declined(command, ORDER_CANCELLED, "Order " + command.orderId() + " was voided before this authorize");
        }
        if (existing.isPresent()) {
            LOG.infof("Order already has authorization %s, answering with it", existing.get().id());
            return authorized(command, existing.get());
        }
        Optional<CreditAccount> account = accounts.findForUpdate(command.customerId());
        if (account.isEmpty()) {
            return declined(command, "UNKNOWN_CUSTOMER", "Unknown customer " + command.customerId());
        }
        if (!account.get().canHold(command.amountCents())) {
            return declined(command, "INSUFFICIENT_CREDIT", command.customerId() + ": requested "
                    + command.amountCents() + ", available " + account.get().availableCents());
        }
        Authorization authorization = Authorization.authorize(command.orderId(), account.get(), command.amountCents(),
                clock.instant());
        authorizations.persist(authorization);
        LOG.infof("Authorized %d cents for %s", command.amountCents(), command.customerId());
        return authorized(command, authorization);
    }

    /**
     * Voiding an already voided authorization is answered without effect; voiding an unknown one records an empty
     * voided authorization, which refuses an authorize for the order arriving later.
     */
    private Reply voidPayment(String commandId, String sagaId, String orderId) {
        authorizations.findByOrderId(orderId).ifPresentOrElse(authorization -> {
            if (authorization.state() == AuthorizationState.VOIDED) {
                LOG.infof("Authorization %s is already voided", authorization.id());
            } else {
                authorization.voidOn(accounts.findForUpdate(authorization.customerId()).orElseThrow(), clock.instant());
                LOG.infof("Voided authorization %s", authorization.id());
            }
        }, () -> {
            authorizations.persist(Authorization.voidedBeforeAuthorized(orderId, clock.instant()));
            LOG.info("No authorization to void; the order is marked voided so that a late authorize is refused");
        });
        return new Reply(PAYMENT_VOIDED, new PaymentVoided(commandId, sagaId, orderId));
    }

    /**
     * Captures the order's authorization. Capturing a voided or missing authorization is a saga bug: logged as an
     * error and not answered. A second capture is answered without effect.
     */
    private Optional<Reply> capture(String commandId, String sagaId, String orderId) {
        Optional<Authorization> authorization = authorizations.findByOrderId(orderId);
        if (authorization.isEmpty()) {
            LOG.error("CapturePayment for an order without authorization; not answered");
            return Optional.empty();
        }
        if (authorization.get().state() != AuthorizationState.CAPTURED) {
            try {
                authorization.get().capture(clock.instant());
            } catch (IllegalStateException refused) {
                LOG.errorf("CapturePayment refused, not answered: %s", refused.getMessage());
                return Optional.empty();
            }
            LOG.infof("Captured authorization %s", authorization.get().id());
        }
        return Optional.of(new Reply(PAYMENT_CAPTURED,
                new PaymentCaptured(commandId, sagaId, orderId, authorization.get().amountCents())));
    }

    private static Reply refuseCancelled(Reply reply) {
        if (reply.payload() instanceof PaymentDeclined declined && ORDER_CANCELLED.equals(declined.reason())) {
            throw new ProblemException(409, "Order cancelled", declined.detail());
        }
        return reply;
    }

    private static Reply authorized(AuthorizePayment command, Authorization authorization) {
        return new Reply(PAYMENT_AUTHORIZED, new PaymentAuthorized(command.commandId(), command.sagaId(),
                command.orderId(), authorization.id().toString(), authorization.amountCents()));
    }

    private static Reply declined(AuthorizePayment command, String reason, String detail) {
        LOG.infof("Declined: %s (%s)", reason, detail);
        return new Reply(PAYMENT_DECLINED,
                new PaymentDeclined(command.commandId(), command.sagaId(), command.orderId(), reason, detail));
    }

    private <T> T read(IncomingMessage command, Class<T> type) {
        try {
            return mapper.treeToValue(command.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(command.type() + " payload does not match its contract", e);
        }
    }
}
