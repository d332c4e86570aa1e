package org.ordersaga.inventory.service;

import static org.ordersaga.inventory.messaging.InventoryMessages.INVENTORY_REJECTED;
import static org.ordersaga.inventory.messaging.InventoryMessages.INVENTORY_RELEASED;
import static org.ordersaga.inventory.messaging.InventoryMessages.INVENTORY_RESERVED;
import static org.ordersaga.inventory.messaging.InventoryMessages.INVENTORY_SETTLED;
import static org.ordersaga.inventory.messaging.InventoryMessages.RELEASE_INVENTORY;
import static org.ordersaga.inventory.messaging.InventoryMessages.RESERVE_INVENTORY;
import static org.ordersaga.inventory.messaging.InventoryMessages.SETTLE_INVENTORY;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;
import org.ordersaga.chassis.messaging.Reply;
import org.ordersaga.contracts.Topics;
import org.ordersaga.inventory.domain.Product;
import org.ordersaga.inventory.domain.Reservation;
import org.ordersaga.inventory.domain.ReservationLine;
import org.ordersaga.inventory.domain.ReservationState;
import org.ordersaga.inventory.messaging.InventoryMessages.InventoryRejected;
import org.ordersaga.inventory.messaging.InventoryMessages.InventoryReleased;
import org.ordersaga.inventory.messaging.InventoryMessages.InventoryReserved;
import org.ordersaga.inventory.messaging.InventoryMessages.InventorySettled;
import org.ordersaga.inventory.messaging.InventoryMessages.Line;
import org.ordersaga.inventory.messaging.InventoryMessages.ReleaseInventory;
import org.ordersaga.inventory.messaging.InventoryMessages.ReserveInventory;
import org.ordersaga.inventory.messaging.InventoryMessages.SettleInventory;
import org.ordersaga.inventory.persistence.ProductRepository;
import org.ordersaga.inventory.persistence.ReservationRepository;
import org.ordersaga.participant.Commands;
import org.ordersaga.participant.Participant;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Inventory's commands: reserve, release and settle an order's stock, each answered on {@code saga-replies}. */
@ApplicationScoped
public class InventoryCommandHandler implements Participant {

    private static final Logger LOG = Logger.getLogger(InventoryCommandHandler.class);

    private final ProductRepository products;
    private final ReservationRepository reservations;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public InventoryCommandHandler(ProductRepository products, ReservationRepository reservations,
            ObjectMapper mapper) {
        this.products = products;
        this.reservations = reservations;
        this.mapper = mapper;
    }

    @Override
    public Commands commands() {
        // A reserve and a release lock the product rows every order shares.
        return Commands.answeredOn(Topics.SAGA_REPLIES, mapper).eachInItsOwnTransaction()
                .on(RESERVE_INVENTORY, ReserveInventory.class, this::reserve)
                .on(RELEASE_INVENTORY, ReleaseInventory.class, this::release)
                .on(SETTLE_INVENTORY, SettleInventory.class, this::settle);
    }

    /**
     * All or nothing: every SKU must exist and have enough stock, else nothing is reserved. An order that was released
     * (even before anything was held) is refused without effect.
     */
    private Reply reserve(ReserveInventory command) {
        Optional<Reservation> existing = reservations.findByOrderId(command.orderId());
        if (existing.isPresent() && existing.get().state() == ReservationState.RELEASED) {
            return rejected(command, Commands.ORDER_CANCELLED, "Order " + command.orderId() + " was released before this reserve");
        }
        if (existing.isPresent()) {
            LOG.infof("Order already has reservation %s, answering with it", existing.get().id());
            return reserved(command, existing.get());
        }
        // Sorted by SKU so that concurrent reservations lock rows in the same order (no deadlock).
        Map<String, Integer> quantities = new TreeMap<>();
        command.items().forEach(item -> quantities.merge(item.sku(), item.quantity(), Integer::sum));
        List<Product> lockedProducts = new ArrayList<>();
        for (Map.Entry<String, Integer> wanted : quantities.entrySet()) {
            Optional<Product> product = products.findForUpdate(wanted.getKey());
            if (product.isEmpty()) {
                return rejected(command, "UNKNOWN_SKU", "Unknown SKU " + wanted.getKey());
            }
            if (!product.get().canReserve(wanted.getValue())) {
                return rejected(command, "OUT_OF_STOCK", wanted.getKey() + ": requested " + wanted.getValue()
                        + ", available " + product.get().available());
            }
            lockedProducts.add(product.get());
        }
        List<ReservationLine> lines = new ArrayList<>();
        for (Product product : lockedProducts) {
            int quantity = quantities.get(product.sku());
            product.reserve(quantity);
            lines.add(new ReservationLine(product.sku(), quantity, product.unitPriceCents()));
        }
        Reservation reservation = Reservation.hold(command.orderId(), lines, clock.instant());
        reservations.persist(reservation);
        LOG.infof("Reserved %s for %d cents", quantities, reservation.totalCents());
        return reserved(command, reservation);
    }

    /**
     * Releasing an already released or a settled reservation is answered without effect (an approved order keeps its
     * stock); releasing an unknown one records an empty released reservation, which refuses a reserve for the order
     * arriving later.
     */
    private Reply release(ReleaseInventory command) {
        String orderId = command.orderId();
        reservations.findByOrderId(orderId).ifPresentOrElse(reservation -> {
            if (reservation.state() == ReservationState.HELD) {
                reservation.release(clock.instant());
                forEachLockedLine(reservation, Product::release);
                LOG.infof("Released reservation %s", reservation.id());
            } else {
                LOG.infof("Reservation %s is already %s", reservation.id(), reservation.state());
            }
        }, () -> {
            reservations.persist(Reservation.releasedBeforeHeld(orderId, clock.instant()));
            LOG.info("No reservation to release; the order is marked released so that a late reserve is refused");
        });
        return new Reply(INVENTORY_RELEASED, new InventoryReleased(command.commandId(), command.sagaId(), orderId));
    }

    /**
     * The order is approved: its held stock moves from reserved to settled. A step after the pivot must not fail, so a
     * settled reservation is answered again without effect, and a released or unknown one (nothing the saga should
     * meet) is answered too, changing nothing, with a warning.
     */
    private Reply settle(SettleInventory command) {
        String orderId = command.orderId();
        String sagaId = command.sagaId();
        reservations.findByOrderId(orderId).ifPresentOrElse(reservation -> {
            switch (reservation.state()) {
                case HELD -> {
                    reservation.settle(clock.instant());
                    forEachLockedLine(reservation, Product::settle);
                    LOG.infof("Settled reservation %s", reservation.id());
                }
                case SETTLED -> LOG.infof("Reservation %s is already SETTLED", reservation.id());
                case RELEASED -> LOG.warnf("Nothing to settle for order %s (saga %s): reservation %s is RELEASED",
                        orderId, sagaId, reservation.id());
            }
        }, () -> LOG.warnf("Nothing to settle for order %s (saga %s): it has no reservation", orderId, sagaId));
        return new Reply(INVENTORY_SETTLED, new InventorySettled(command.commandId(), sagaId, orderId));
    }

    /** Applies {@code change} to each line's locked product, in SKU order like a reserve (no deadlock between them). */
    private void forEachLockedLine(Reservation reservation, BiConsumer<Product, Integer> change) {
        reservation.lines().stream().sorted(Comparator.comparing(ReservationLine::sku))
                .forEach(line -> change.accept(products.findForUpdate(line.sku()).orElseThrow(), line.quantity()));
    }

    private static Reply reserved(ReserveInventory command, Reservation reservation) {
        List<Line> lines = reservation.lines().stream()
                .map(line -> new Line(line.sku(), line.quantity(), line.unitPriceCents()))
                .toList();
        return new Reply(INVENTORY_RESERVED, new InventoryReserved(command.commandId(), command.sagaId(),
                command.orderId(), reservation.id().toString(), lines, reservation.totalCents()));
    }

    private static Reply rejected(ReserveInventory command, String reason, String detail) {
        LOG.infof("Rejected: %s (%s)", reason, detail);
        return new Reply(INVENTORY_REJECTED,
                new InventoryRejected(command.commandId(), command.sagaId(), command.orderId(), reason, detail));
    }
}
