package io.tillsync.kit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillsync.platforms.http.PlatformCallException;
import io.tillsync.platforms.http.TargetNotAllowedException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers every failed request with a JSON {@link ApiError}: {@link ApiException}s as they say, Spring's own
 * status exceptions with a code derived from the status, a refused outbound target as {@code 400
 * target_not_allowed} and any other failed platform call as {@code 502 platform_unreachable} (both with a fixed
 * message: the host, the port and what the other side said stay in the log), anything else as
 * {@code 500 internal_error} (logged here, never shown to the caller).
 */
@Order(-2)
public class ApiErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
    private final ObjectMapper json;

    public ApiErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        Answer answer = answer(ex, exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath());
        response.setStatusCode(answer.status());
        response.getHeaders().addAll(answer.headers());
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        try {
            byte[] bytes = json.writeValueAsBytes(answer.body());
            return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
        } catch (Exception e) {
            return Mono.error(e);
        }
    }

    /** What a failed request is answered with: status, JSON body and extra headers (such as {@code Retry-After}). */
    public record Answer(HttpStatusCode status, ApiError body, HttpHeaders headers) {
    }

    /**
     * The answer to {@code ex}, for any handler, inside WebFlux's chain or not. Anything unexpected is logged here
     * with {@code request} (method and path) and answered {@code 500 internal_error}.
     */
    public static Answer answer(Throwable ex, String request) {
        if (ex instanceof ApiException api) {
            return new Answer(api.status(), api.body(), api.headers());
        }
        if (ex instanceof WebExchangeBindException bind) {
            String detail = bind.getFieldErrors().stream()
                    .map(f -> f.getField() + " " + f.getDefaultMessage()).sorted().reduce((a, b) -> a + "; " + b)
                    .orElse("invalid request");
            return new Answer(HttpStatus.BAD_REQUEST, new ApiError("validation_failed", detail), HttpHeaders.EMPTY);
        }
        if (ex instanceof ServerWebInputException input) {
            String message = input.getCause() instanceof DecodingException
                    ? "request body is not valid JSON of the expected shape" : String.valueOf(input.getReason());
            return new Answer(input.getStatusCode(), new ApiError("bad_request", message), HttpHeaders.EMPTY);
        }
        if (ex instanceof ResponseStatusException rse) {
            HttpStatusCode status = rse.getStatusCode();
            return new Answer(status, new ApiError(codeFor(status),
                    rse.getReason() == null ? reasonPhrase(status) : rse.getReason()), rse.getHeaders());
        }
        PlatformCallException call = platformCall(ex);
        if (call instanceof TargetNotAllowedException refused) {
            log.info("Outbound target refused on {}: {} ({})", request, refused.getMessage(), refused.reason());
            return new Answer(HttpStatus.BAD_REQUEST, new ApiError("target_not_allowed",
                    "the target address is not allowed"), HttpHeaders.EMPTY);
        }
        if (call != null) {
            log.warn("Platform call failed on {}: {}", request, call.getMessage(), call);
            return new Answer(HttpStatus.BAD_GATEWAY, new ApiError("platform_unreachable",
                    "a platform call failed; try again later"), HttpHeaders.EMPTY);
        }
        log.error("Unhandled error on {}", request, ex);
        return new Answer(HttpStatus.INTERNAL_SERVER_ERROR, new ApiError("internal_error", "internal error"),
                HttpHeaders.EMPTY);
    }

    /** The {@link PlatformCallException} {@code ex} is or wraps (as {@code block()} does), or null. */
    private static PlatformCallException platformCall(Throwable ex) {
        int depth = 0;
        for (Throwable t = ex; t != null && depth < 5; t = t.getCause(), depth++) {
            if (t instanceof PlatformCallException call) {
                return call;
            }
        }
        return null;
    }

    static String codeFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error_" + status.value() : known.name().toLowerCase(Locale.ROOT);
    }

    private static String reasonPhrase(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "error" : known.getReasonPhrase();
    }
}
