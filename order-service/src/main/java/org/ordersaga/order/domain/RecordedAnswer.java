package org.ordersaga.order.domain;

import java.util.Objects;
import java.util.Optional;

/** The answer a keyed {@code POST /orders} got, kept to be given again: status, content type, Location, JSON body. */
public record RecordedAnswer(int status, String contentType, String location, String body) {

    public RecordedAnswer {
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(body);
    }

    public Optional<String> locationHeader() {
        return Optional.ofNullable(location);
    }
}
