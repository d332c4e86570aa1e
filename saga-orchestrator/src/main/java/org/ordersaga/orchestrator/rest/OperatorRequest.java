package org.ordersaga.orchestrator.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of an operator action: why it is done; recorded in the saga's timeline with who did it. */
public record OperatorRequest(@NotBlank @Size(max = 500) String reason) {
}
