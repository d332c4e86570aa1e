package org.ordersaga.order.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The share of new orders (0–100 %) that run as the saga rather than the synchronous chain, decided per order from a
 * stable key: bucket = the first four bytes of SHA-256(key, UTF-8) as an unsigned big-endian number, modulo 100; the
 * order runs as the saga when its bucket is below the percent. The same key always lands in the same bucket, so a
 * client's retry keeps its mode, and anyone (a test, a bench) can predict an order's mode from its key.
 * <p>
 * The buckets are fixed and the share only moves the threshold, so raising the share moves keys from the chain to the
 * saga only, and lowering it only back: a change moves the fewest orders it can.
 */
public record SagaShare(int percent) {

    public static final int BUCKETS = 100;

    public SagaShare {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("A saga share is 0..100 %, not " + percent);
        }
    }

    public boolean runsAsSaga(String key) {
        return bucketOf(key) < percent;
    }

    /** 0..99. SHA-256 rather than String.hashCode: similar keys (order-1, order-2, …) spread evenly too. */
    public static int bucketOf(String key) {
        byte[] digest = sha256().digest(key.getBytes(StandardCharsets.UTF_8));
        long firstFourBytes = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
        return (int) (firstFourBytes % BUCKETS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
