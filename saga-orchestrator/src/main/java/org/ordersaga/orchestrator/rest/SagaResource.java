package org.ordersaga.orchestrator.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.chassis.security.Roles;
import org.ordersaga.orchestrator.domain.Saga;
import org.ordersaga.orchestrator.domain.SagaState;
import org.ordersaga.orchestrator.persistence.SagaRepository;
import org.ordersaga.orchestrator.service.OperatorAction;
import org.ordersaga.orchestrator.service.OperatorActions;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * For on-call engineers: find a saga by its ID, its order ID or its trace ID, list sagas by state, and (role
 * {@code operator}) retry or compensate a saga that needs help. Reading needs role {@code operator} or {@code viewer}:
 * a saga shows customer IDs, addresses and raw payloads.
 */
@Path("/sagas")
@Produces(MediaType.APPLICATION_JSON)
@Transactional(Transactional.TxType.SUPPORTS)
@RolesAllowed({Roles.OPERATOR, Roles.VIEWER})
public class SagaResource {

    private final SagaRepository sagas;
    private final OperatorActions operatorActions;
    private final SecurityIdentity identity;

    public SagaResource(SagaRepository sagas, OperatorActions operatorActions, SecurityIdentity identity) {
        this.sagas = sagas;
        this.operatorActions = operatorActions;
        this.identity = identity;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a saga: state, steps and timeline")
    @APIResponse(responseCode = "200", description = "The saga")
    @APIResponse(responseCode = "404", description = "No such saga")
    public SagaView byId(@PathParam("id") String id) {
        return view(parseId(id));
    }

    /** {@code ?orderId=} or {@code ?traceId=}: the matching sagas in full; {@code ?state=}: one page of summaries. */
    @GET
    @Operation(summary = "Find sagas by orderId or traceId (in full), or list one page of a state (summaries)")
    @APIResponse(responseCode = "200", description = "orderId, traceId: the matching sagas; state: one page",
            content = @Content(schema = @Schema(oneOf = {SagaView[].class, SagaPage.class})))
    @APIResponse(responseCode = "400", description = "Not exactly one criterion, an unknown state or a bad page")
    public Object search(@QueryParam("orderId") String orderId, @QueryParam("traceId") String traceId,
                         @QueryParam("state") String state, @QueryParam("page") String page,
                         @QueryParam("size") String size) {
        long criteria = Stream.of(orderId, traceId, state).filter(SagaResource::given).count();
        if (criteria != 1) {
            throw new ProblemException(400, "Invalid search",
                    "Give exactly one of orderId, traceId or state (" + criteria + " given)");
        }
        if (given(orderId)) {
            return sagas.findByOrderId(orderId.strip()).map(this::view).stream().toList();
        }
        if (given(traceId)) {
            return sagas.findByTraceId(traceId.strip()).stream().map(this::view).toList();
        }
        SagaState wanted = parseState(state);
        PageRequest paging = PageRequest.parse(page, size);
        List<SagaSummary> items = sagas.findByState(wanted, paging.page(), paging.size()).stream()
                .map(SagaSummary::of).toList();
        return new SagaPage(items, paging.page(), paging.size(), sagas.countByState(wanted));
    }

    @POST
    @Path("/{id}/retry")
    @RolesAllowed("operator")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(Transactional.TxType.NEVER)
    @Operation(summary = "Retry: re-send the pending command of a STUCK or COMPENSATION_FAILED saga (operator)")
    @APIResponse(responseCode = "200", description = "The saga after the action")
    @APIResponse(responseCode = "400", description = "No reason, or one over 500 characters")
    @APIResponse(responseCode = "404", description = "No such saga")
    @APIResponse(responseCode = "409", description = "Refused in the saga's state, or it changed meanwhile")
    public SagaView retry(@PathParam("id") String id, @Valid @NotNull OperatorRequest request) {
        return act(id, OperatorAction.RETRY, request);
    }

    @POST
    @Path("/{id}/compensate")
    @RolesAllowed("operator")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional(Transactional.TxType.NEVER)
    @Operation(summary = "Compensate: turn a saga up to the pivot back, or re-send a failed compensation (operator)")
    @APIResponse(responseCode = "200", description = "The saga after the action")
    @APIResponse(responseCode = "400", description = "No reason, or one over 500 characters")
    @APIResponse(responseCode = "404", description = "No such saga")
    @APIResponse(responseCode = "409", description = "Refused in the saga's state (e.g. past the pivot), or it changed")
    public SagaView compensate(@PathParam("id") String id, @Valid @NotNull OperatorRequest request) {
        return act(id, OperatorAction.COMPENSATE, request);
    }

    private SagaView act(String id, OperatorAction action, OperatorRequest request) {
        UUID sagaId = parseId(id);
        operatorActions.perform(sagaId, action, identity.getPrincipal().getName(), request.reason().strip());
        return view(sagaId);
    }

    private SagaView view(UUID id) {
        return sagas.find(id).map(this::view)
                .orElseThrow(() -> new ProblemException(404, "Saga not found", "No saga with id " + id));
    }

    private SagaView view(Saga saga) {
        return SagaView.of(saga, sagas.timeline(saga.getId()));
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "Saga not found", "No saga with id " + id);
        }
    }

    /**
     * Accepts the state names of the API as people write them: {@code stuck}, {@code STUCK},
     * {@code compensation-failed}, {@code compensation failed} or {@code COMPENSATION_FAILED}.
     */
    static SagaState parseState(String state) {
        String name = state.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        try {
            return SagaState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid search", "Unknown state '" + state + "'; one of "
                    + Arrays.stream(SagaState.values()).map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .toList());
        }
    }

}
