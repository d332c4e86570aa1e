package org.ordersaga.order.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Body of {@code POST /orders}. Prices are not accepted from the client: inventory's catalog sets them. */
public record PlaceOrderRequest(
        @NotBlank @Size(max = 100) String customerId,
        @NotEmpty @Size(max = 50) List<@NotNull @Valid Item> items,
        @NotNull @Valid Address shippingAddress) {

    /** Its own mapper, so that a change to the application's JSON settings cannot change every fingerprint. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

    /**
     * Hex SHA-256 of the request as read, written as canonical JSON (fields sorted by name, no blanks, unknown
     * fields dropped, items in their order): the same order written another way has the same fingerprint.
     */
    public String fingerprint() {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(this);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A validated request is always JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    public record Item(
            @NotNull @Pattern(regexp = "SKU-[A-Z0-9-]{1,40}", message = "must look like SKU-XYZ") String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    public record Address(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String street,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String postalCode,
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country) {
    }
}
