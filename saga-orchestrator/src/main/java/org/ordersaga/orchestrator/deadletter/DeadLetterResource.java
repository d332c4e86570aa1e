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

/** For on-call engineers: the records consumers gave up on, and (role {@code operator}) replaying one. */
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    static final int MAX_PAGE_SIZE = 100;
    private static final int DEFAULT_PAGE_SIZE = 20;

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
        int pageNumber = bounded("page", page, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = size == null || size.isBlank() ? DEFAULT_PAGE_SIZE : bounded("size", size, 1, MAX_PAGE_SIZE);
        return new DeadLetterPage(deadLetters.page(pageNumber, pageSize).stream().map(DeadLetterView::of).toList(),
                pageNumber, pageSize, deadLetters.count());
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

    private static int bounded(String name, String value, int min, int max) {
        if (value == null || value.isBlank()) {
            return min;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below like any other value out of range
        }
        throw new ProblemException(400, "Invalid " + name, name + " must be a whole number from " + min + " to " + max);
    }
}
