package io.tillsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for the tests, as a platform or an operator would call the services. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1, as the services speak it: no h2c upgrade attempt on each new connection. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private Http() {
    }

    static Response send(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            return new Response(-1, Map.of(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response post(String url, Map<String, String> headers, String body) {
        return send("POST", url, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An operator call with a JSON body (or none). */
    static Response operator(String method, String url, Object body) {
        return as(E2eStack.OPERATOR_KEY, method, url, body);
    }

    static Response as(String key, String method, String url, Object body) {
        try {
            byte[] bytes = body == null ? null : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
            return send(method, url, bytes == null ? Map.of("Authorization", "Bearer " + key)
                    : Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"), bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
