package io.tillsync.kit.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.util.AntPathMatcher;

/**
 * What every service's OpenAPI document says beyond its handlers: the bearer API-key scheme on the management APIs
 * (the protected paths, {@code tillsync.security.protected-paths}), and the JSON {@link ApiError} body on every error
 * answer. Error answers a handler does not declare are added by rule: 401 and 403 on protected operations, 400 on
 * those that take a body or query parameters, 404 on those with path variables; others (409, 502) are declared on
 * the handler with {@code @ApiResponse}. Operations outside the protected paths (intake's webhooks) stay open.
 */
public class OpenApiDocs implements GlobalOpenApiCustomizer {

    /** Name of the security scheme and of the error schema in {@code components}. */
    public static final String BEARER = "apiKey";
    public static final String ERROR_SCHEMA = "ApiError";
    private static final String JSON = "application/json";

    private final String title;
    private final List<String> protectedPaths;
    private final AntPathMatcher paths = new AntPathMatcher();

    /** @param title the document's title (the service's name) */
    public OpenApiDocs(String title, List<String> protectedPaths) {
        this.title = title;
        this.protectedPaths = protectedPaths;
    }

    /** An error answer with the {@link ApiError} body, for operations a service documents by hand. */
    public static ApiResponse errorResponse(String description) {
        return new ApiResponse().description(description).content(errorContent());
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.info(new Info().title(title).version("1").description("Tillsync " + title + ". Management APIs take "
                + "`Authorization: Bearer <key>`; every error answer is the JSON body `ApiError`."));
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.components(components);
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The operator key, or a tenant's API key (issued by sync-service; acts for its tenant only)"));
        boolean openapi31 = openApi.getOpenapi() != null && openApi.getOpenapi().startsWith("3.1");
        components.addSchemas(ERROR_SCHEMA, errorSchema(openapi31));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> document(path, operation)));
    }

    private void document(String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.responses(responses);
        if (protectedPaths.stream().anyMatch(pattern -> paths.match(pattern, path))) {
            operation.security(List.of(new SecurityRequirement().addList(BEARER)));
            addIfAbsent(responses, "401", "unauthorized: the API key is missing or unknown");
            addIfAbsent(responses, "403", "forbidden: the key may not act for this tenant, or the operator key is required");
        }
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        if (operation.getRequestBody() != null || parameters.stream().anyMatch(p -> "query".equals(p.getIn()))) {
            addIfAbsent(responses, "400", "the request is invalid (validation_failed or a field's own code)");
        }
        if (path.contains("{")) {
            addIfAbsent(responses, "404", "not_found: no such resource for this tenant");
        }
        responses.forEach((code, response) -> {
            if ((code.startsWith("4") || code.startsWith("5")) && response.getContent() == null
                    && response.get$ref() == null) {
                response.content(errorContent());
            }
        });
    }

    private static void addIfAbsent(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, errorResponse(description));
        }
    }

    private static Content errorContent() {
        return new Content().addMediaType(JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA)));
    }

    /** {@link ApiError} as springdoc reads any record (its {@code @Schema} annotations, this document's OpenAPI version). */
    @SuppressWarnings("rawtypes")
    private static Schema errorSchema(boolean openapi31) {
        return ModelConverters.getInstance(openapi31).read(ApiError.class).get(ERROR_SCHEMA);
    }
}
