package org.ordersaga.payment.messaging;

/** Payloads of the messages payment-service consumes and produces (contracts/v1). */
public final class PaymentMessages {

    public static final String AUTHORIZE_PAYMENT = "AuthorizePayment";
    public static final String VOID_PAYMENT = "VoidPayment";
    public static final String CAPTURE_PAYMENT = "CapturePayment";
    public static final String PAYMENT_AUTHORIZED = "PaymentAuthorized";
    public static final String PAYMENT_DECLINED = "PaymentDeclined";
    public static final String PAYMENT_VOIDED = "PaymentVoided";
    public static final String PAYMENT_CAPTURED = "PaymentCaptured";

    private PaymentMessages() {
    }

    public record AuthorizePayment(String commandId, String sagaId, String orderId, String customerId, long amountCents) {
    }

    public record VoidPayment(String commandId, String sagaId, String orderId) {
    }

    public record CapturePayment(String commandId, String sagaId, String orderId) {
    }

    public record PaymentAuthorized(String commandId, String sagaId, String orderId, String authorizationId,
            long amountCents) {
    }

    public record PaymentDeclined(String commandId, String sagaId, String orderId, String reason, String detail) {
    }

    public record PaymentVoided(String commandId, String sagaId, String orderId) {
    }

    public record PaymentCaptured(String commandId, String sagaId, String orderId, long amountCents) {
    }
}
