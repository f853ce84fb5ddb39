package io.tillsync.kit.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error to answer with a stable {@code error} code. Throw (or {@code Mono.error}) it from any handler; the
 * {@link ApiErrorHandler} turns it into a JSON {@link ApiError} with the status and extra headers given.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final HttpHeaders headers;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, HttpHeaders.EMPTY);
    }

    public ApiException(HttpStatus status, String code, String message, HttpHeaders headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The JSON body this error is answered with. */
    public ApiError body() {
        return new ApiError(code, getMessage());
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found");
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }
}
