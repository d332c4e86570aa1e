package org.ordersaga.order.domain;

import java.util.Optional;

/**
 * The client's {@code Idempotency-Key} for one order: 1 to {@value #MAX_LENGTH} printable US-ASCII characters
 * (space to tilde) once surrounding blanks are stripped, compared exactly (case matters). A Structured Field string
 * ({@code "…"}, as the IETF draft writes it) is taken as it comes, quotes included, so a client that always sends it
 * that way gets the same key each time.
 */
public record IdempotencyKey(String value) {

    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH
                || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E) || !value.equals(value.strip())) {
            throw new IllegalArgumentException(
                    "An idempotency key is 1 to " + MAX_LENGTH + " printable US-ASCII characters");
        }
    }

    /** Empty when the request sent no header; refused when it sent one that is no key (blank, too long, …). */
    public static Optional<IdempotencyKey> fromHeader(String header) {
        return header == null ? Optional.empty() : Optional.of(new IdempotencyKey(header.strip()));
    }
}
