package org.ordersaga.order.service;

import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.RolloutSetting;
import org.ordersaga.order.domain.SagaShare;
import org.ordersaga.order.persistence.RolloutSettingRepository;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The rollout switch: which mode a new order runs in when its request names none. A share of orders (0–100 %) runs
 * as the saga, the rest as the synchronous chain, chosen per order by {@link SagaShare} from a stable key. The share
 * comes from the configuration until an operator changes it ({@link #change}); that change is stored in order_db, so
 * every replica reads it ({@code ordersaga.order.rollout.refresh-every}) and it outlives restarts.
 * <p>
 * The mode is chosen once, when the order is placed, and the order keeps it: a saga already started and a chain
 * already decided are not touched by a later change, which therefore decides new orders only.
 */
@ApplicationScoped
public class OrderRollout {

    private static final Logger LOG = Logger.getLogger(OrderRollout.class);

    private final RolloutSettingRepository settings;
    private final SagaShare configured;
    // Serialises this replica's reads and writes of the setting, so a refresh that read before a change committed
    // cannot put the old share back.
    private final Object settingLock = new Object();
    private volatile RolloutState current;
    private boolean readFailing;

    public OrderRollout(RolloutSettingRepository settings, OrderConfig config, MeterRegistry registry) {
        this.settings = settings;
        this.configured = configuredShare(config);
        this.current = RolloutState.configured(configured);
        Gauge.builder("order.rollout.saga.share.percent", this, rollout -> rollout.current.share().percent())
                .description("Share of new orders naming no mode that run as the saga (0-100)")
                .register(registry);
    }

    /** The configured share; out of range fails the start, since the operator would not see it otherwise. */
    static SagaShare configuredShare(OrderConfig config) {
        int percent = config.rollout().sagaSharePercent()
                .orElse(config.defaultMode() == OrderMode.ASYNC ? 100 : 0);
        try {
            return new SagaShare(percent);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ordersaga.order.rollout.saga-share-percent: " + e.getMessage(), e);
        }
    }

    /**
     * The explicit mode wins; otherwise the share decides from the client's {@code Idempotency-Key} (the one it sends
     * again on a retry of this order), else from the customer id. Not from the order id: it is made when the order is
     * stored, so a client's retry of a POST would get a new one, and with it possibly the other mode.
     */
    public ModeChoice choose(Optional<OrderMode> requested, String idempotencyKey, String customerId) {
        return decide(requested, current.share(), rolloutKey(idempotencyKey, customerId));
    }

    static ModeChoice decide(Optional<OrderMode> requested, SagaShare share, String rolloutKey) {
        if (requested.isPresent()) {
            return new ModeChoice(requested.get(), ModeChoice.ChosenBy.REQUEST);
        }
        OrderMode mode = share.runsAsSaga(rolloutKey) ? OrderMode.ASYNC : OrderMode.SYNC;
        return new ModeChoice(mode, ModeChoice.ChosenBy.ROLLOUT);
    }

    static String rolloutKey(String idempotencyKey, String customerId) {
        return idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey.strip() : customerId;
    }

    public RolloutState current() {
        return current;
    }

    public SagaShare configured() {
        return configured;
    }

    /** Applies at once on this replica; the others read it within their refresh period. */
    public RolloutState change(SagaShare share, String changedBy, String reason) {
        synchronized (settingLock) {
            RolloutState before = current;
            RolloutSetting setting = RolloutSetting.sagaShare(share, changedBy, reason, Instant.now());
            settings.save(setting);
            current = RolloutState.of(setting);
            LOG.infof("Saga share %d %% -> %d %% of new orders, set by %s: %s", before.share().percent(),
                    share.percent(), changedBy, reason);
            return current;
        }
    }

    /** Forgets the operator's share: the configured one applies again, on every replica. */
    public RolloutState reset(String resetBy) {
        synchronized (settingLock) {
            RolloutState before = current;
            settings.clearSagaShare();
            current = RolloutState.configured(configured);
            LOG.infof("Saga share %d %% -> %d %% of new orders (the configured share), reset by %s",
                    before.share().percent(), configured.percent(), resetBy);
            return current;
        }
    }

    void readAtStart(@Observes StartupEvent event) {
        refresh();
    }

    @Scheduled(identity = "rollout-refresh", every = "${ordersaga.order.rollout.refresh-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        synchronized (settingLock) {
            RolloutState read;
            try {
                read = settings.sagaShare().map(RolloutState::of).orElseGet(() -> RolloutState.configured(configured));
            } catch (RuntimeException e) {
                if (!readFailing) {
                    LOG.warnf("Cannot read the saga share (%s); keeping %d %% until it can be read", e.toString(),
                            current.share().percent());
                }
                readFailing = true;
                return;
            }
            readFailing = false;
            if (!read.share().equals(current.share())) {
                LOG.infof("Saga share %d %% -> %d %% of new orders (%s)", current.share().percent(),
                        read.share().percent(), read.source() == RolloutState.Source.OPERATOR
                                ? "read from order_db: set by " + read.changedBy() + " at " + read.changedAt() + ": "
                                + read.reason()
                                : "the configured share: no operator's share in order_db");
            }
            current = read;
        }
    }
}
