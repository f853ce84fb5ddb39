package io.tillsync.kit.kafka;

import io.tillsync.schemas.Topic;
import io.tillsync.schemas.Topics;
import io.tillsync.schemas.serde.SchemaRegistryClient;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Gives every subject of {@link Topics} (values and dead letters) its compatibility rule in the registry before the
 * service produces anything, through the Confluent-compatible {@code PUT /config/{subject}} (Confluent and Apicurio's
 * ccompat API both take it, for a subject that has no version yet too). Setting the same level again changes nothing,
 * so every replica of every service does it at each start. The registry then refuses (409) a schema that cannot read
 * the subject's earlier versions, instead of registering it.
 *
 * <p>A registry that does not answer at start-up does not stop the service: the rule is retried in the background
 * until it is set, and {@link #applied()} (part of readiness) says whether it is.
 */
public class SubjectCompatibility implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SubjectCompatibility.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final SchemaRegistryClient registry;
    private final String level;
    private volatile boolean applied;
    private volatile Thread retrying;

    public SubjectCompatibility(SchemaRegistryClient registry, String level) {
        this.registry = registry;
        this.level = level;
    }

    /** Every subject this project writes: {@code <topic>-value} and {@code <topic>.dlt-value} of each topic. */
    public static List<String> subjects() {
        return Topics.all().stream().map(Topic::subjects).flatMap(List::stream).toList();
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (tryApply()) {
            return;
        }
        Thread thread = new Thread(() -> {
            while (!applied && !Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                tryApply();
            }
        }, "subject-compatibility");
        thread.setDaemon(true);
        retrying = thread;
        thread.start();
    }

    /** True once every subject has the rule. */
    public boolean applied() {
        return applied;
    }

    private boolean tryApply() {
        try {
            for (String subject : subjects()) {
                registry.setCompatibility(subject, level);
            }
            applied = true;
            log.info("schema registry: {} compatibility on {} subjects", level, subjects().size());
        } catch (RuntimeException e) {
            log.warn("schema registry: could not set {} compatibility yet (retrying every {}s): {}", level,
                    RETRY.toSeconds(), e.getMessage());
        }
        return applied;
    }

    @Override
    public void destroy() {
        Thread thread = retrying;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
