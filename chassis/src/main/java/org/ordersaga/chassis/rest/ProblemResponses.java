package org.ordersaga.chassis.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Every error answer of a service is an {@code application/problem+json} {@link Problem} (ProblemDetails,
 * SecurityProblems), so the OpenAPI document says so once, here: a 4xx or 5xx response an operation declares without
 * a body gets the problem body. A resource names only the status and what it means.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().stream()
                .flatMap(path -> path.getOperations().values().stream())
                .filter(operation -> operation.getResponses() != null
                        && operation.getResponses().getAPIResponses() != null)
                .flatMap(operation -> operation.getResponses().getAPIResponses().entrySet().stream())
                .filter(response -> isError(response.getKey()) && response.getValue().getContent() == null)
                .forEach(response -> withProblemBody(response.getValue()));
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    private static void withProblemBody(APIResponse response) {
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
    }
}
