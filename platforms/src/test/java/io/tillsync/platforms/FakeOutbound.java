package io.tillsync.platforms;

import io.tillsync.platforms.http.OutboundHttp;
import io.tillsync.platforms.http.OutboundRequest;
import io.tillsync.platforms.http.OutboundResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * An {@link OutboundHttp} for unit tests: answers scripted responses in order (the last one repeats) and remembers
 * every request. No network: the clients' request shapes and answer handling are what is tested here; the real
 * layer has its own tests.
 */
public final class FakeOutbound implements OutboundHttp {

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<OutboundRequest> requests = new ArrayList<>();

    private record Answer(int status, Map<String, List<String>> headers, String body, RuntimeException failure) {
    }

    public FakeOutbound answer(int status, String body) {
        answers.add(new Answer(status, Map.of(), body, null));
        return this;
    }

    public FakeOutbound answer(int status, String body, String header, String value) {
        answers.add(new Answer(status, Map.of(header, List.of(value)), body, null));
        return this;
    }

    public FakeOutbound fail(RuntimeException failure) {
        answers.add(new Answer(0, Map.of(), null, failure));
        return this;
    }

    public synchronized List<OutboundRequest> requests() {
        return List.copyOf(requests);
    }

    public static String body(OutboundRequest request) {
        return request.body() == null ? null : new String(request.body(), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized Mono<OutboundResponse> send(OutboundRequest request) {
        requests.add(request);
        Answer a = answers.size() > 1 ? answers.poll() : answers.peek();
        if (a == null) {
            return Mono.error(new AssertionError("no answer scripted for " + request));
        }
        if (a.failure() != null) {
            return Mono.error(a.failure());
        }
        byte[] bytes = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        return Mono.just(new OutboundResponse(a.status(), a.headers(), bytes, false, 1, request.what()));
    }
}
