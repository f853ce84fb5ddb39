package io.tillsync.kit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
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
 * status exceptions with a code derived from the status, anything else as {@code 500 internal_error} (logged
 * here, never shown to the caller).
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
        HttpStatusCode status;
        ApiError body;
        if (ex instanceof ApiException api) {
            status = api.status();
            body = api.body();
            response.getHeaders().addAll(api.headers());
        } else if (ex instanceof WebExchangeBindException bind) {
            status = HttpStatus.BAD_REQUEST;
            String detail = bind.getFieldErrors().stream()
                    .map(f -> f.getField() + " " + f.getDefaultMessage()).sorted().reduce((a, b) -> a + "; " + b)
                    .orElse("invalid request");
            body = new ApiError("validation_failed", detail);
        } else if (ex instanceof ServerWebInputException input) {
            status = input.getStatusCode();
            body = new ApiError("bad_request", input.getCause() instanceof DecodingException
                    ? "request body is not valid JSON of the expected shape" : String.valueOf(input.getReason()));
        } else if (ex instanceof ResponseStatusException rse) {
            status = rse.getStatusCode();
            body = new ApiError(codeFor(status), rse.getReason() == null ? reasonPhrase(status) : rse.getReason());
            response.getHeaders().addAll(rse.getHeaders());
        } else {
            log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            body = new ApiError("internal_error", "internal error");
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        try {
            byte[] bytes = json.writeValueAsBytes(body);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
        } catch (Exception e) {
            return Mono.error(e);
        }
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
