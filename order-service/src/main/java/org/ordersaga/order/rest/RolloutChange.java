package org.ordersaga.order.rest;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /admin/rollout}: the new saga share in whole percent and why (logged and stored with who set it).
 * A decimal type, so that 30.5 is refused rather than cut to 30 (Jackson would cut it for an int).
 */
public record RolloutChange(
        @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 0,
                message = "must be a whole number of percent") BigDecimal sagaSharePercent,
        @NotBlank @Size(max = 500) String reason) {
}
