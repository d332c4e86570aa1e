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
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.contracts.Topics;
import org.ordersaga.payment.domain.Authorization;
import org.ordersaga.payment.domain.AuthorizationState;
import org.ordersaga.payment.domain.CreditAccount;
import org.ordersaga.payment.messaging.PaymentMessages.AuthorizePayment;
import org.ordersaga.payment.messaging.PaymentMessages.CapturePayment;
import org.ordersaga.payment.messaging.PaymentMessages.PaymentAuthorized;
import org.ordersaga.payment.messaging.PaymentMessages.PaymentCaptured;
import org.ordersaga.payment.messaging.PaymentMessages.PaymentDeclined;
import org.ordersaga.payment.messaging.PaymentMessages.PaymentVoided;
import org.ordersaga.payment.messaging.PaymentMessages.VoidPayment;
import org.ordersaga.payment.persistence.AuthorizationRepository;
import org.ordersaga.payment.persistence.CreditAccountRepository;
import org.ordersaga.participant.Commands;
import org.ordersaga.participant.Participant;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Payment's commands: authorize, void and capture an order's payment, each answered on {@code saga-replies}. */
@ApplicationScoped
public class PaymentCommandHandler implements Participant {

    private static final Logger LOG = Logger.getLogger(PaymentCommandHandler.class);

    private final CreditAccountRepository accounts;
    private final AuthorizationRepository authorizations;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public PaymentCommandHandler(CreditAccountRepository accounts, AuthorizationRepository authorizations,
            ObjectMapper mapper) {
        this.accounts = accounts;
        this.authorizations = authorizations;
        this.mapper = mapper;
    }

    @Override
    public Commands commands() {
        // An authorize and a void lock the customer's credit account, which all the customer's orders share.
        return Commands.answeredOn(Topics.SAGA_REPLIES, mapper).eachInItsOwnTransaction()
                .on(AUTHORIZE_PAYMENT, AuthorizePayment.class, this::authorize)
                .on(VOID_PAYMENT, VoidPayment.class, this::voidPayment)
                .onUnlessRefused(CAPTURE_PAYMENT, CapturePayment.class, this::capture);
    }

    /** An order that was voided (even before anything was held) is declined without effect. */
    private Reply authorize(AuthorizePayment command) {
        Optional<Authorization> existing = authorizations.findByOrderId(command.orderId());
        if (existing.isPresent() && existing.get().state() == AuthorizationState.VOIDED) {
            return declined(command, Commands.ORDER_CANCELLED, "Order " + command.orderId() + " was voided before this authorize");
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
    private Reply voidPayment(VoidPayment command) {
        String orderId = command.orderId();
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
        return new Reply(PAYMENT_VOIDED, new PaymentVoided(command.commandId(), command.sagaId(), orderId));
    }

    /**
     * Captures the order's authorization. Capturing a voided or missing authorization is a saga bug: logged as an
     * error and not answered. A second capture is answered without effect.
     */
    private Optional<Reply> capture(CapturePayment command) {
        Optional<Authorization> authorization = authorizations.findByOrderId(command.orderId());
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
                new PaymentCaptured(command.commandId(), command.sagaId(), command.orderId(),
                authorization.get().amountCents())));
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
}
