package org.ordersaga.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The rollout's rule: which share of order keys runs as the saga, and that a key always lands on the same side. */
class SagaShareTest {

    /** Fixed keys shaped like the UUIDs clients send, so the test is exact rather than lucky. */
    private static final List<String> KEYS = IntStream.range(0, 1000)
            .mapToObj(i -> UUID.nameUUIDFromBytes(("order-key-" + i).getBytes(StandardCharsets.UTF_8)).toString())
            .toList();

    @Test
    void thirtyPercentOfAThousandKeysRunAsSagasWithinFivePoints() {
        long sagas = KEYS.stream().filter(new SagaShare(30)::runsAsSaga).count();

        assertThat(sagas).isBetween(250L, 350L);
    }

    @Test
    void theSameKeyAlwaysGetsTheSameMode() {
        SagaShare share = new SagaShare(30);
        List<Boolean> first = KEYS.stream().map(share::runsAsSaga).toList();

        assertThat(KEYS.stream().map(share::runsAsSaga).toList()).isEqualTo(first);
        assertThat(KEYS.stream().map(new SagaShare(30)::runsAsSaga).toList()).as("another instance, same answer")
                .isEqualTo(first);
    }

    @Test
    void raisingTheShareMovesKeysOnlyFromTheChainToTheSaga() {
        SagaShare before = new SagaShare(30);
        SagaShare after = new SagaShare(60);

        List<String> movedBack = KEYS.stream().filter(k -> before.runsAsSaga(k) && !after.runsAsSaga(k)).toList();
        List<String> moved = KEYS.stream().filter(k -> !before.runsAsSaga(k) && after.runsAsSaga(k)).toList();

        assertThat(movedBack).isEmpty();
        assertThat(moved).allSatisfy(k -> assertThat(SagaShare.bucketOf(k)).isBetween(30, 59));
        assertThat(KEYS.stream().filter(after::runsAsSaga).count()).isBetween(550L, 650L);
    }

    @Test
    void zeroAndHundredPercentAreAllChainAndAllSaga() {
        assertThat(KEYS).noneMatch(new SagaShare(0)::runsAsSaga);
        assertThat(KEYS).allMatch(new SagaShare(100)::runsAsSaga);
    }

    @Test
    void bucketsStayInRangeAndAShareOutsideZeroToHundredIsRefused() {
        assertThat(KEYS).allSatisfy(k -> assertThat(SagaShare.bucketOf(k)).isBetween(0, SagaShare.BUCKETS - 1));
        assertThat(SagaShare.bucketOf("")).isBetween(0, SagaShare.BUCKETS - 1);
        assertThatThrownBy(() -> new SagaShare(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SagaShare(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The rule is documented so that clients can predict it: pin one key's bucket to the documented formula. */
    @Test
    void theBucketIsTheFirstFourBytesOfSha256ModuloAHundred() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("cust-alice".getBytes(StandardCharsets.UTF_8));
        long unsigned = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(digest, 0, 4).getInt());

        assertThat(SagaShare.bucketOf("cust-alice")).isEqualTo((int) (unsigned % 100));
        // The same figures pin the bench's copy of the rule (bench RolloutRuleTest).
        assertThat(SagaShare.bucketOf("cust-alice")).isEqualTo(28);
        assertThat(SagaShare.bucketOf("cust-bob")).isEqualTo(57);
        assertThat(SagaShare.bucketOf("cust-broke")).isEqualTo(72);
    }
}
