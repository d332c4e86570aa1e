package org.ordersaga.chassis.idempotency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ordersaga.chassis.rest.Problem;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.chassis.rest.StrictRequestJson;
import org.ordersaga.contracts.ContractValidator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Judges the body of a command sent over REST as the Kafka consumers judge the same command (chassis
 * {@code MessageConsumption}): by its versioned contract, and refuses what PostgreSQL cannot store, a NUL character.
 * A body that fails is a 400 naming each wrong field, before anything is claimed or changed. Two fields are not the
 * caller's to send: the {@code Idempotency-Key} header is the command id and the chain runs no saga, so both get
 * stand-ins for the check (a {@code sagaId} the caller did send is checked as sent). A repeated JSON key never gets
 * here: {@link StrictRequestJson} refuses it when the body is read.
 */
final class CommandContracts {

    private static final String STAND_IN_COMMAND_ID = new UUID(0, 0).toString();
    private static final String STAND_IN_SAGA_ID = "sync-chain";
    /** A violation as {@link ContractValidator} words it: the JSON Pointer of the value, then what is wrong. */
    private static final Pattern VIOLATION = Pattern.compile("^((?:/[^/:]*)*): (.+)$");
    private static final Pattern MISSING = Pattern.compile("^required property '(.+)' not found$");

    private final ContractValidator contracts = new ContractValidator();

    /** Throws a 400 {@link ProblemException} naming every field of {@code body} that breaks {@code type}'s contract. */
    void check(String type, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(400, "Invalid request", type + " needs a JSON object");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        addNulCharacters(body, "", errors);
        ObjectNode command = ((ObjectNode) body.deepCopy()).put("commandId", STAND_IN_COMMAND_ID);
        if (!command.has("sagaId")) {
            command.put("sagaId", STAND_IN_SAGA_ID);
        }
        contracts.violations(type, command).forEach(violation -> errors.add(fieldError(violation)));
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(Problem.FieldError::field));
            throw new ProblemException(400, "Invalid request",
                    type + " breaks its contract: " + errors.size() + " field(s) are invalid", errors);
        }
    }

    private static void addNulCharacters(JsonNode node, String path, List<Problem.FieldError> errors) {
        if (node.isTextual() && hasNul(node.textValue())) {
            errors.add(new Problem.FieldError(path, StrictRequestJson.NO_NUL_CHARACTER));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                addNulCharacters(node.get(i), path + "[" + i + "]", errors);
            }
        } else if (node.isObject()) {
            node.properties().forEach(property -> {
                String field = child(path, property.getKey());
                if (hasNul(property.getKey())) {
                    errors.add(new Problem.FieldError(field, "the name " + StrictRequestJson.NO_NUL_CHARACTER));
                }
                addNulCharacters(property.getValue(), field, errors);
            });
        }
    }

    /** "/items/0: required property 'sku' not found" becomes field "items[0].sku", as the other 400s name fields. */
    static Problem.FieldError fieldError(String violation) {
        Matcher parts = VIOLATION.matcher(violation);
        if (!parts.matches()) {
            return new Problem.FieldError("", violation);
        }
        String field = "";
        for (String segment : parts.group(1).split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            field = name.chars().allMatch(Character::isDigit) ? field + "[" + name + "]" : child(field, name);
        }
        Matcher missing = MISSING.matcher(parts.group(2));
        return missing.matches()
                ? new Problem.FieldError(child(field, missing.group(1)), "is required")
                : new Problem.FieldError(field, parts.group(2));
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static boolean hasNul(String text) {
        return text.indexOf('\u0000') >= 0;
    }
}
