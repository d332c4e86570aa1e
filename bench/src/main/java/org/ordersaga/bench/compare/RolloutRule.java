package org.ordersaga.bench.compare;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * order-service's rollout rule as its README documents it, so a client can tell which mode an order took even when
 * no answer came: bucket = the first four bytes of SHA-256(Idempotency-Key) as an unsigned number, modulo 100; the
 * order runs as the saga when its bucket is below the share.
 */
public final class RolloutRule {

    private RolloutRule() {
    }

    static Mode modeOf(String idempotencyKey, int sagaSharePercent) {
        return bucketOf(idempotencyKey) < sagaSharePercent ? Mode.ASYNC : Mode.SYNC;
    }

    public static int bucketOf(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long firstFourBytes = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16)
                    | ((digest[2] & 0xFFL) << 8) | (digest[3] & 0xFFL);
            return (int) (firstFourBytes % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
