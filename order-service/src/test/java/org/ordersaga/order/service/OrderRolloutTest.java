package org.ordersaga.order.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.ordersaga.order.config.OrderConfig;
import org.ordersaga.order.config.OrderMode;
import org.ordersaga.order.domain.RolloutSetting;
import org.ordersaga.order.domain.SagaShare;
import org.ordersaga.order.persistence.RolloutSettingRepository;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Vetoed;

/** The rollout switch without a container: what chooses an order's mode, and what a change of the share changes. */
class OrderRolloutTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StoredSetting stored = new StoredSetting();

    @Test
    void theModeTheRequestNamesWinsOverTheShare() {
        assertThat(OrderRollout.decide(Optional.of(OrderMode.ASYNC), new SagaShare(0), "any"))
                .isEqualTo(new ModeChoice(OrderMode.ASYNC, ModeChoice.ChosenBy.REQUEST));
        assertThat(OrderRollout.decide(Optional.of(OrderMode.SYNC), new SagaShare(100), "any"))
                .isEqualTo(new ModeChoice(OrderMode.SYNC, ModeChoice.ChosenBy.REQUEST));
        assertThat(OrderRollout.decide(Optional.empty(), new SagaShare(100), "any"))
                .isEqualTo(new ModeChoice(OrderMode.ASYNC, ModeChoice.ChosenBy.ROLLOUT));
    }

    @Test
    void theKeyIsTheIdempotencyKeyElseTheCustomer() {
        assertThat(OrderRollout.rolloutKey("k-1", "cust-alice")).isEqualTo("k-1");
        assertThat(OrderRollout.rolloutKey(" k-1 ", "cust-alice")).as("as the client means it").isEqualTo("k-1");
        assertThat(OrderRollout.rolloutKey(null, "cust-alice")).isEqualTo("cust-alice");
        assertThat(OrderRollout.rolloutKey("  ", "cust-alice")).isEqualTo("cust-alice");
    }

    @Test
    void aChangedShareDecidesTheOrdersPlacedAfterItOnly() {
        OrderRollout rollout = rollout(config(Optional.of(30), OrderMode.ASYNC));
        List<String> earlier = keys("earlier-");
        Map<String, OrderMode> placedEarlier = new LinkedHashMap<>();
        earlier.forEach(key -> placedEarlier.put(key, rollout.choose(Optional.empty(), key, "cust-alice").mode()));
        Map<String, OrderMode> asPlaced = Map.copyOf(placedEarlier);

        rollout.change(new SagaShare(60), "operator", "next step");
        List<String> later = keys("later-");
        long laterSagas = later.stream()
                .filter(key -> rollout.choose(Optional.empty(), key, "cust-alice").mode() == OrderMode.ASYNC).count();

        assertThat(placedEarlier).as("an order keeps the mode it was placed in").isEqualTo(asPlaced);
        assertThat(asPlaced.values().stream().filter(OrderMode.ASYNC::equals).count()).isBetween(250L, 350L);
        assertThat(laterSagas).as("new orders follow the new share").isBetween(550L, 650L);
        // Even the earlier keys, sent again (a client's retry), could only move from the chain to the saga.
        earlier.stream().filter(key -> asPlaced.get(key) == OrderMode.ASYNC).forEach(key ->
                assertThat(rollout.choose(Optional.empty(), key, "cust-alice").mode()).isEqualTo(OrderMode.ASYNC));
        assertThat(stored.setting).isPresent();
        assertThat(rollout.current().source()).isEqualTo(RolloutState.Source.OPERATOR);
        assertThat(rollout.current().changedBy()).isEqualTo("operator");
        assertThat(registry.get("order.rollout.saga.share.percent").gauge().value()).isEqualTo(60.0);
    }

    @Test
    void theOperatorsShareLastsUntilResetAndReachesAReplicaThroughItsRefresh() {
        OrderRollout thisReplica = rollout(config(Optional.empty(), OrderMode.ASYNC));
        OrderRollout otherReplica = rollout(config(Optional.empty(), OrderMode.ASYNC));

        thisReplica.change(new SagaShare(5), "operator", "canary");
        assertThat(otherReplica.current().share()).as("before its refresh").isEqualTo(new SagaShare(100));
        otherReplica.refresh();
        assertThat(otherReplica.current().share()).isEqualTo(new SagaShare(5));
        assertThat(otherReplica.current().reason()).isEqualTo("canary");

        thisReplica.reset("operator");
        otherReplica.refresh();
        assertThat(thisReplica.current()).isEqualTo(RolloutState.configured(new SagaShare(100)));
        assertThat(otherReplica.current()).isEqualTo(RolloutState.configured(new SagaShare(100)));
    }

    @Test
    void aShareThatCannotBeReadKeepsTheLastOne() {
        OrderRollout rollout = rollout(config(Optional.empty(), OrderMode.SYNC));
        rollout.change(new SagaShare(40), "operator", "half-way");
        stored.failing = true;

        rollout.refresh();

        assertThat(rollout.current().share()).isEqualTo(new SagaShare(40));
    }

    @Test
    void theConfiguredShareFallsBackToTheDefaultModeAndMustBeAPercentage() {
        assertThat(OrderRollout.configuredShare(config(Optional.empty(), OrderMode.ASYNC))).isEqualTo(new SagaShare(100));
        assertThat(OrderRollout.configuredShare(config(Optional.empty(), OrderMode.SYNC))).isEqualTo(new SagaShare(0));
        assertThat(OrderRollout.configuredShare(config(Optional.of(30), OrderMode.SYNC))).isEqualTo(new SagaShare(30));
        assertThatThrownBy(() -> OrderRollout.configuredShare(config(Optional.of(130), OrderMode.ASYNC)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("saga-share-percent");
    }

    private OrderRollout rollout(OrderConfig config) {
        return new OrderRollout(stored, config, registry);
    }

    private static List<String> keys(String prefix) {
        return IntStream.range(0, 1000)
                .mapToObj(i -> UUID.nameUUIDFromBytes((prefix + i).getBytes(StandardCharsets.UTF_8)).toString())
                .toList();
    }

    /**
     * order_db's one row, shared by the replicas of a test as the database is. Vetoed: the @QuarkusTests of this module
     * see test classes too, and must keep injecting the real repository.
     */
    @Vetoed
    private static final class StoredSetting extends RolloutSettingRepository {
        Optional<RolloutSetting> setting = Optional.empty();
        boolean failing;

        @Override
        public Optional<RolloutSetting> sagaShare() {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            return setting;
        }

        @Override
        public void save(RolloutSetting saved) {
            setting = Optional.of(saved);
        }

        @Override
        public void clearSagaShare() {
            setting = Optional.empty();
        }
    }

    private static OrderConfig config(Optional<Integer> sagaSharePercent, OrderMode defaultMode) {
        return new OrderConfig() {
            @Override
            public OrderMode defaultMode() {
                return defaultMode;
            }

            @Override
            public SyncRecovery syncRecovery() {
                throw new UnsupportedOperationException("not used by the rollout");
            }

            @Override
            public Admission admission() {
                throw new UnsupportedOperationException("not used by the rollout");
            }

            @Override
            public Idempotency idempotency() {
                throw new UnsupportedOperationException("not used by the rollout");
            }

            @Override
            public Database database() {
                throw new UnsupportedOperationException("not used by the rollout");
            }

            @Override
            public Rollout rollout() {
                return new Rollout() {
                    @Override
                    public Optional<Integer> sagaSharePercent() {
                        return sagaSharePercent;
                    }

                    @Override
                    public String refreshEvery() {
                        return "1s";
                    }
                };
            }
        };
    }
}
