package org.ordersaga.chassis.chaos;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ordersaga.chassis.rest.Problem;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.chassis.security.Roles;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /admin/faults}: reads and replaces this service's injected faults at runtime. A PUT replaces both sections
 * (a missing section or field means "no such fault"); unknown fields and out-of-range values are refused with 400,
 * changes while fault injection is disabled with 409. Changes need role {@code operator} (a forged fault is an
 * outage); reading stays open. Never faulted itself (see {@link RestFaultFilter}).
 */
@Path("/admin/faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultAdminResource {

    public record FaultsView(boolean enabled, FaultSpec rest, FaultSpec messages) {
    }

    private static final Set<String> SECTIONS = Set.of("rest", "messages");
    private static final Set<String> FIELDS = Set.of("latencyMs", "jitterMs", "errorRate", "unavailable");

    private final FaultInjector faults;

    public FaultAdminResource(FaultInjector faults) {
        this.faults = faults;
    }

    @GET
    public FaultsView get() {
        return view();
    }

    @PUT
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(JsonNode body) {
        requireEnabled();
        List<Problem.FieldError> errors = new ArrayList<>();
        Faults requested = parse(body, errors);
        if (!errors.isEmpty()) {
            return Response.status(400).type(Problem.MEDIA_TYPE).entity(new Problem(
                    "urn:ordersaga:problem:invalid-request", "Invalid request", 400,
                    errors.size() + " field(s) are invalid", "/admin/faults", errors)).build();
        }
        faults.replace(requested);
        return Response.ok(view()).build();
    }

    /** Turns every fault off. */
    @DELETE
    @RolesAllowed(Roles.OPERATOR)
    public FaultsView clear() {
        requireEnabled();
        faults.replace(Faults.NONE);
        return view();
    }

    private FaultsView view() {
        Faults now = faults.current();
        return new FaultsView(faults.enabled(), now.rest(), now.messages());
    }

    private void requireEnabled() {
        if (!faults.enabled()) {
            throw new ProblemException(409, "Fault injection disabled",
                    "Start the service with ordersaga.faults.enabled=true to change faults");
        }
    }

    static Faults parse(JsonNode body, List<Problem.FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(new Problem.FieldError("", "must be a JSON object with \"rest\" and/or \"messages\""));
            return Faults.NONE;
        }
        unknownFields(body, SECTIONS, "", errors);
        return new Faults(spec(body.get("rest"), "rest.", errors), spec(body.get("messages"), "messages.", errors));
    }

    private static FaultSpec spec(JsonNode section, String prefix, List<Problem.FieldError> errors) {
        if (section == null || section.isNull()) {
            return FaultSpec.NONE;
        }
        if (!section.isObject()) {
            errors.add(new Problem.FieldError(prefix.substring(0, prefix.length() - 1), "must be an object"));
            return FaultSpec.NONE;
        }
        unknownFields(section, FIELDS, prefix, errors);
        FaultSpec spec = new FaultSpec(
                whole(section, "latencyMs", prefix, errors),
                whole(section, "jitterMs", prefix, errors),
                fraction(section, "errorRate", prefix, errors),
                flag(section, "unavailable", prefix, errors));
        errors.addAll(spec.problems(prefix));
        return spec;
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String prefix,
            List<Problem.FieldError> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            String name = fields.next().getKey();
            if (!allowed.contains(name)) {
                errors.add(new Problem.FieldError(prefix + name, "unknown field; allowed: " + allowed));
            }
        }
    }

    private static long whole(JsonNode section, String field, String prefix, List<Problem.FieldError> errors) {
        JsonNode value = section.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            errors.add(new Problem.FieldError(prefix + field, "must be a whole number of milliseconds"));
            return 0;
        }
        return value.asLong();
    }

    private static double fraction(JsonNode section, String field, String prefix, List<Problem.FieldError> errors) {
        JsonNode value = section.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isNumber()) {
            errors.add(new Problem.FieldError(prefix + field, "must be a number between 0.0 and 1.0"));
            return 0;
        }
        return value.asDouble();
    }

    private static boolean flag(JsonNode section, String field, String prefix, List<Problem.FieldError> errors) {
        JsonNode value = section.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            errors.add(new Problem.FieldError(prefix + field, "must be true or false"));
            return false;
        }
        return value.asBoolean();
    }
}
