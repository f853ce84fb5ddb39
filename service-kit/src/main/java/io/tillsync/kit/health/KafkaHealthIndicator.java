package io.tillsync.kit.health;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Health component {@code kafka} (part of readiness): up when the cluster answers {@code describeCluster} within a
 * short timeout, so a load balancer stops sending requests to a replica that could only answer 503 and an
 * orchestrator holds a rollout until the broker is back.
 */
public class KafkaHealthIndicator implements ReactiveHealthIndicator, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Object> config;
    private volatile AdminClient admin;

    public KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        this.config = kafkaAdmin.getConfigurationProperties();
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromCallable(this::describe)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error", e.getClass().getSimpleName()).build()));
    }

    private Health describe() throws Exception {
        DescribeClusterResult cluster = admin().describeCluster(
                new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
        int nodes = cluster.nodes().get().size();
        return Health.up().withDetail("clusterId", cluster.clusterId().get()).withDetail("nodes", nodes).build();
    }

    private AdminClient admin() {
        AdminClient a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = AdminClient.create(config);
                }
                a = admin;
            }
        }
        return a;
    }

    @Override
    public void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
