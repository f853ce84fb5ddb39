package io.tillsync.kit.ops;

import io.tillsync.kit.security.Caller;
import io.tillsync.kit.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operator route, on every service: {@code POST /api/ops/dlt/{topic}/replay?max=1000} moves up to {@code max}
 * records of {@code <topic>.dlt} back onto {@code <topic>} (see {@link DeadLetterReplay}). Operator key only.
 */
@RestController
public class DeadLetterController {

    static final int MAX_PER_RUN = 10_000;

    private final DeadLetterReplay replay;

    public DeadLetterController(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @PostMapping("/api/ops/dlt/{topic}/replay")
    public Mono<DeadLetterReplay.Result> replay(@PathVariable String topic,
            @RequestParam(defaultValue = "1000") int max, ServerWebExchange exchange) {
        Caller.requireOperator(exchange);
        if (max < 1 || max > MAX_PER_RUN) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_max", "max must be between 1 and " + MAX_PER_RUN);
        }
        var target = DeadLetterReplay.topic(topic)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "unknown_topic",
                        "no Tillsync topic named '" + topic + "' (give the topic, not its .dlt)"));
        return Mono.fromCallable(() -> replay.replay(target, max)).subscribeOn(Schedulers.boundedElastic());
    }
}
