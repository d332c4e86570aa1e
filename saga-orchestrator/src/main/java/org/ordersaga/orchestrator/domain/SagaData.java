package org.ordersaga.orchestrator.domain;

import java.util.List;

/**
 * What the saga knows about its order: the input from {@code OrderPlaced} and what the steps returned.
 * Stored as JSON in the saga row; plain getters/setters so it round-trips through Jackson.
 */
public class SagaData {

    private String customerId;
    private List<OrderItem> items = List.of();
    private ShippingAddress shippingAddress;
    private String reservationId;
    private Long totalCents;
    private String authorizationId;
    private String shipmentId;
    private Long capturedCents;
    /** The step whose failure turned the saga around. */
    private String failedStep;
    /** True when the failed step timed out: it may have had an effect, so it is compensated too. */
    private boolean failedStepOutcomeUnknown;
    private String rejectionReason;
    private String rejectionDetail;

    public SagaData() {
    }

    public SagaData(String customerId, List<OrderItem> items, ShippingAddress shippingAddress) {
        this.customerId = customerId;
        this.items = List.copyOf(items);
        this.shippingAddress = shippingAddress;
    }

    void recordFailure(String step, boolean outcomeUnknown, String reason, String detail) {
        this.failedStep = step;
        this.failedStepOutcomeUnknown = outcomeUnknown;
        this.rejectionReason = reason;
        this.rejectionDetail = detail;
    }

    public String getCustomerId() {
        return customerId;
    }

    public void setCustomerId(String customerId) {
        this.customerId = customerId;
    }

    public List<OrderItem> getItems() {
        return items;
    }

    public void setItems(List<OrderItem> items) {
        this.items = items;
    }

    public ShippingAddress getShippingAddress() {
        return shippingAddress;
    }

    public void setShippingAddress(ShippingAddress shippingAddress) {
        this.shippingAddress = shippingAddress;
    }

    public String getReservationId() {
        return reservationId;
    }

    public void setReservationId(String reservationId) {
        this.reservationId = reservationId;
    }

    public Long getTotalCents() {
        return totalCents;
    }

    public void setTotalCents(Long totalCents) {
        this.totalCents = totalCents;
    }

    public String getAuthorizationId() {
        return authorizationId;
    }

    public void setAuthorizationId(String authorizationId) {
        this.authorizationId = authorizationId;
    }

    public String getShipmentId() {
        return shipmentId;
    }

    public void setShipmentId(String shipmentId) {
        this.shipmentId = shipmentId;
    }

    public Long getCapturedCents() {
        return capturedCents;
    }

    public void setCapturedCents(Long capturedCents) {
        this.capturedCents = capturedCents;
    }

    public String getFailedStep() {
        return failedStep;
    }

    public void setFailedStep(String failedStep) {
        this.failedStep = failedStep;
    }

    public boolean isFailedStepOutcomeUnknown() {
        return failedStepOutcomeUnknown;
    }

    public void setFailedStepOutcomeUnknown(boolean failedStepOutcomeUnknown) {
        this.failedStepOutcomeUnknown = failedStepOutcomeUnknown;
    }

    public String getRejectionReason() {
        return rejectionReason;
    }

    public void setRejectionReason(String rejectionReason) {
        this.rejectionReason = rejectionReason;
    }

    public String getRejectionDetail() {
        return rejectionDetail;
    }

    public void setRejectionDetail(String rejectionDetail) {
        this.rejectionDetail = rejectionDetail;
    }
}
