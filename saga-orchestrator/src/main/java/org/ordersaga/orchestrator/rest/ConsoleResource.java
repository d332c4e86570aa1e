package org.ordersaga.orchestrator.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.ordersaga.orchestrator.config.OrchestratorConfig;

/** Settings the console page (static, under /console/) reads at load. */
@Path("/console/settings")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {

    public record ConsoleSettings(String zipkinUrl) {
    }

    private final OrchestratorConfig config;

    public ConsoleResource(OrchestratorConfig config) {
        this.config = config;
    }

    @GET
    public ConsoleSettings settings() {
        return new ConsoleSettings(config.console().zipkinUrl().map(url -> url.replaceAll("/+$", "")).orElse(null));
    }
}
