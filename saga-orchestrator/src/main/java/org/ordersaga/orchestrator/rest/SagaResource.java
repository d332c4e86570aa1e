package org.ordersaga.orchestrator.rest;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.orchestrator.domain.Saga;
import org.ordersaga.orchestrator.persistence.SagaRepository;

import java.util.List;
import java.util.UUID;

/** Read side for on-call engineers: find a saga by its ID, its order ID or its trace ID. */
@Path("/sagas")
@Produces(MediaType.APPLICATION_JSON)
@Transactional(Transactional.TxType.SUPPORTS)
public class SagaResource {

    private final SagaRepository sagas;

    public SagaResource(SagaRepository sagas) {
        this.sagas = sagas;
    }

    @GET
    @Path("/{id}")
    public SagaView byId(@PathParam("id") String id) {
        return sagas.find(parseId(id)).map(this::view)
                .orElseThrow(() -> new ProblemException(404, "Saga not found", "No saga with id " + id));
    }

    @GET
    public List<SagaView> search(@QueryParam("orderId") String orderId, @QueryParam("traceId") String traceId) {
        if (orderId != null && !orderId.isBlank()) {
            return sagas.findByOrderId(orderId).map(this::view).stream().toList();
        }
        if (traceId != null && !traceId.isBlank()) {
            return sagas.findByTraceId(traceId).stream().map(this::view).toList();
        }
        throw new ProblemException(400, "Missing search criterion", "Give orderId or traceId");
    }

    private SagaView view(Saga saga) {
        return SagaView.of(saga, sagas.timeline(saga.getId()));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "Saga not found", "No saga with id " + id);
        }
    }
}
