package org.ordersaga.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a client may send as its Idempotency-Key. */
class IdempotencyKeyTest {

    @Test
    void noHeaderIsNoKey() {
        assertThat(IdempotencyKey.fromHeader(null)).isEmpty();
    }

    @Test
    void aKeyIsTheHeaderWithoutSurroundingBlanksAndKeepsItsCase() {
        assertThat(IdempotencyKey.fromHeader(" 5b0e-Key ")).contains(new IdempotencyKey("5b0e-Key"));
        assertThat(IdempotencyKey.fromHeader("\"quoted as the draft writes it\""))
                .contains(new IdempotencyKey("\"quoted as the draft writes it\""));
        assertThat(IdempotencyKey.fromHeader("a")).map(IdempotencyKey::value).contains("a");
        assertThat(IdempotencyKey.fromHeader("k".repeat(255))).map(IdempotencyKey::value)
                .isEqualTo(Optional.of("k".repeat(255)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "tab\tinside", "new\nline", "non-ascii-ключ", "NUL\u0000"})
    void blankOrNotPrintableAsciiIsNoKey(String header) {
        assertThatThrownBy(() -> IdempotencyKey.fromHeader(header)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 255 printable US-ASCII characters");
    }

    @Test
    void longerThan255CharactersIsNoKey() {
        assertThatThrownBy(() -> IdempotencyKey.fromHeader("k".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
