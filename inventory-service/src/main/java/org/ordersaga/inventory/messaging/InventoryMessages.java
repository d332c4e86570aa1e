package org.ordersaga.inventory.messaging;

import java.util.List;

/** Payloads of the messages inventory-service consumes and produces (contracts/v1). */
public final class InventoryMessages {

    public static final String RESERVE_INVENTORY = "ReserveInventory";
    public static final String RELEASE_INVENTORY = "ReleaseInventory";
    public static final String SETTLE_INVENTORY = "SettleInventory";
    public static final String INVENTORY_RESERVED = "InventoryReserved";
    public static final String INVENTORY_REJECTED = "InventoryRejected";
    public static final String INVENTORY_RELEASED = "InventoryReleased";
    public static final String INVENTORY_SETTLED = "InventorySettled";

    private InventoryMessages() {
    }

    public record Item(String sku, int quantity) {
    }

    public record ReserveInventory(String commandId, String sagaId, String orderId, List<Item> items) {
    }

    public record ReleaseInventory(String commandId, String sagaId, String orderId) {
    }

    public record SettleInventory(String commandId, String sagaId, String orderId) {
    }

    public record Line(String sku, int quantity, long unitPriceCents) {
    }

    public record InventoryReserved(String commandId, String sagaId, String orderId, String reservationId,
            List<Line> lines, long totalCents) {
    }

    public record InventoryRejected(String commandId, String sagaId, String orderId, String reason, String detail) {
    }

    public record InventoryReleased(String commandId, String sagaId, String orderId) {
    }

    public record InventorySettled(String commandId, String sagaId, String orderId) {
    }
}
