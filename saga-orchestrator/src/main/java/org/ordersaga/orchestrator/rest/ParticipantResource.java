package org.ordersaga.orchestrator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordersaga.orchestrator.service.ParticipantQueues;
import org.ordersaga.orchestrator.service.ParticipantQueues.ParticipantQueue;

import java.util.List;

/** For on-call engineers: is a participant behind (its commands queued) or losing commands (awaited, not queued)? */
@Path("/participants")
@Produces(MediaType.APPLICATION_JSON)
public class ParticipantResource {

    private final ParticipantQueues queues;

    public ParticipantResource(ParticipantQueues queues) {
        this.queues = queues;
    }

    @GET
    public List<ParticipantQueue> list() {
        return queues.current();
    }
}
