package org.ordersaga.orchestrator.rest;

import org.ordersaga.chassis.rest.ProblemException;

/** {@code ?page=&size=} of the console's lists, checked once for every list: 400 problem+json when out of range. */
public record PageRequest(int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    public static PageRequest parse(String page, String size) {
        return new PageRequest(parse("page", page, 0, 0, Integer.MAX_VALUE / MAX_SIZE),
                parse("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    private static int parse(String name, String value, int absent, int min, int max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below like an out-of-range number
        }
        throw new ProblemException(400, "Invalid " + name,
                name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}
