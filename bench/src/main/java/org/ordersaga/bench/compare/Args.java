package org.ordersaga.bench.compare;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** "--name value" options and "--flag" switches (a switch is an option followed by another option or nothing). */
record Args(Map<String, String> values, Set<String> flags) {

    static Args parse(String[] args, Set<String> knownFlags) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option starting with --, got '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (knownFlags.contains(name)) {
                flags.add(name);
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
        }
        return new Args(values, flags);
    }

    int integer(String name, int defaultValue) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }
}
