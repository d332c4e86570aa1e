package org.ordersaga.orchestrator.deadletter;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.ordersaga.chassis.rest.ProblemException;
import org.ordersaga.chassis.security.Roles;
import org.ordersaga.orchestrator.rest.PageRequest;

/**
 * For on-call engineers: the records consumers gave up on (role {@code operator} or {@code viewer}: raw payloads), and
 * (role {@code operator}) replaying one.
 */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.VIEWER})
public class DeadLetterResource {

    private final DeadLetterRepository deadLetters;
    private final DeadLetterReplay replay;
    private final SecurityIdentity identity;

    public DeadLetterResource(DeadLetterRepository deadLetters, DeadLetterReplay replay, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.replay = replay;
        this.identity = identity;
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    public DeadLetterPage list(@QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest paging = PageRequest.parse(page, size);
        return new DeadLetterPage(deadLetters.page(paging.page(), paging.size()).stream().map(DeadLetterView::of)
                .toList(), paging.page(), paging.size(), deadLetters.count());
    }

    /** 200 with the replayed dead letter; 404 for an unknown one, 409 when it was replayed before. */
    @POST
    @Path("/{id}/replay")
    @RolesAllowed("operator")
    public DeadLetterView replay(@PathParam("id") String id) {
        long deadLetterId;
        try {
            deadLetterId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ProblemException(404, "Dead letter not found", "No dead letter with id " + id);
        }
        try {
            return DeadLetterView.of(replay.replay(deadLetterId, identity.getPrincipal().getName()));
        } catch (AlreadyReplayedException e) {
            throw new ProblemException(409, "Already replayed", e.getMessage());
        }
    }
}
