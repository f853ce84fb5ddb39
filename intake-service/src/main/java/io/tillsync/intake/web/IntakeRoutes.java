package io.tillsync.intake.web;

import static io.tillsync.intake.web.WebhookEndpoint.param;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.tillsync.intake.ConnectionRef;
import io.tillsync.intake.WebhookIntake;
import io.tillsync.kit.tracing.Traces;
import io.tillsync.kit.web.OpenApiDocs;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.embedded.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The platforms' webhook URLs, served as Reactor Netty routes ahead of Spring WebFlux's handler chain (Spring Boot
 * applies {@link NettyRouteProvider}s first and hands every other request, actuator and OpenAPI included, to WebFlux).
 * The hot path thereby skips the dispatcher, the web filters and the exchange and response machinery: in bench/intake
 * that chain cost more CPU per webhook than verifying, serializing and publishing it. The provider route is declared
 * first, so {@code /intake/{tenant}/pos/{provider}} is never read as a connection URL.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeRoutes {

    static final String PROVIDER_ROUTE = "/intake/{tenant}/pos/{provider}";
    static final String CONNECTION_ROUTE = "/intake/{tenant}/{provider}/{connection}";
    private static final String PROVIDER_SPAN = "POST " + PROVIDER_ROUTE;
    private static final String CONNECTION_SPAN = "POST " + CONNECTION_ROUTE;
    private static final String ANSWERS = "202 once Kafka acknowledged the record (200 for TripleSeat, whose sender "
            + "re-sends anything else); every refusal is the JSON error "
            + "body with the codes listed per status. No API key: the platform's signature authenticates the request.";

    @Bean
    public NettyRouteProvider webhookRoutes(WebhookIntake intake, ObjectMapper json, Traces traces) {
        WebhookEndpoint endpoint = new WebhookEndpoint(intake, json, traces);
        return routes -> routes
                .post(PROVIDER_ROUTE, (request, response) -> endpoint.receive(request, response, PROVIDER_SPAN,
                        ConnectionRef.oldestActive(param(request, "tenant"), param(request, "provider"))))
                .post(CONNECTION_ROUTE, (request, response) -> endpoint.receive(request, response, CONNECTION_SPAN,
                        ConnectionRef.of(param(request, "tenant"), param(request, "provider"),
                                param(request, "connection"))));
    }

    /** The webhook routes in the OpenAPI document, which only sees what WebFlux serves. */
    @Bean
    public OpenApiCustomizer webhookRoutesDocumented() {
        return openApi -> {
            openApi.path(PROVIDER_ROUTE, new PathItem().post(operation("receiveForProvider",
                    "Webhook for the tenant's oldest active connection of the provider", "tenant", "provider")));
            openApi.path(CONNECTION_ROUTE, new PathItem().post(operation("receiveForConnection",
                    "Webhook for one connection", "tenant", "provider", "connection")));
        };
    }

    private static Operation operation(String id, String summary, String... pathVariables) {
        Operation operation = new Operation().operationId(id).tags(List.of("intake")).summary(summary)
                .description(ANSWERS)
                .requestBody(new RequestBody().required(true).description("The platform's webhook, verified on its raw "
                        + "bytes with the connection's secret (the provider's signature headers)")
                        .content(new Content().addMediaType("application/json", new MediaType()
                                .schema(new ObjectSchema()).example(Map.of("id", 9554194432293L, "title", "T-Shirt")))))
                .responses(new ApiResponses()
                        .addApiResponse("202", new ApiResponse().description("accepted: stored on webhooks.inbound")
                                .content(new Content().addMediaType("application/json", new MediaType()
                                        .schema(new ObjectSchema())
                                        .example(Map.of("status", "accepted", "id", "0b6f3c4e-9d1c-4f0e-8a51-2f4c1f6e2a10")))))
                        .addApiResponse("200", new ApiResponse().description("accepted, for TripleSeat (it re-sends anything but"
                                + " 200), with the 202 body; or Clover's verification call: code logged"))
                        .addApiResponse("400", OpenApiDocs.errorResponse("malformed_body"))
                        .addApiResponse("401", OpenApiDocs.errorResponse("invalid_signature, missing_signature"))
                        .addApiResponse("404", OpenApiDocs.errorResponse("unknown_connection, unknown_provider"))
                        .addApiResponse("413", OpenApiDocs.errorResponse("payload_too_large"))
                        .addApiResponse("415", OpenApiDocs.errorResponse("unsupported_media_type"))
                        .addApiResponse("429", OpenApiDocs.errorResponse("rate_limited (Retry-After)"))
                        .addApiResponse("503", OpenApiDocs.errorResponse(
                                "kafka_unavailable, connection_store_unavailable (Retry-After)")));
        for (String name : pathVariables) {
            operation.addParametersItem(new PathParameter().name(name).schema(new StringSchema()));
        }
        return operation;
    }
}
