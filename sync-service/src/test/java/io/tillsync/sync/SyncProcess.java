package io.tillsync.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sync-service application in a JVM of its own, on the shared test stack (same broker, registry and database,
 * taken from the system properties {@code TestStack} publishes), so a test can end it with SIGKILL the way a crash
 * would, and start a fresh one after it. Its output goes to a log file under {@code target/}.
 */
public final class SyncProcess implements AutoCloseable {

    private static final List<String> STACK_VARIABLES = List.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL",
            "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD");

    private final Process process;
    private final Path log;

    private SyncProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the application with the stack's locations plus {@code environment} (for example settings to turn off).
     * Its Kafka consumers use a short session timeout, so that the group notices a killed process within seconds
     * rather than the default 45 s.
     */
    public static SyncProcess start(String name, Map<String, String> environment) {
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dspring.kafka.consumer.properties.session.timeout.ms=10000",
                "-Dspring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "-cp", System.getProperty("java.class.path"), SyncApplication.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        for (String variable : STACK_VARIABLES) {
            builder.environment().put(variable, System.getProperty(variable, ""));
        }
        builder.environment().put("SERVER_PORT", "0");
        builder.environment().put("TILLSYNC_DEV_MODE", "true"); // the tests' public development keys
        // a static member identity of its own: sharing the test JVM's would fence that context's consumers
        builder.environment().put("TILLSYNC_INSTANCE_ID", "test-" + name);
        builder.environment().putAll(environment);
        String port = builder.environment().get("SERVER_PORT");
        if (!"0".equals(port)) {
            builder.environment().putIfAbsent("MANAGEMENT_PORT", port); // actuator on the port the test knows
        }
        try {
            Files.createDirectories(log.getParent());
            return new SyncProcess(builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException("could not start sync-service in a JVM of its own", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no graceful stop of listeners, open transactions left to the database to abort. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM: the application shuts down gracefully, its consumers leave their groups. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            stop();
        }
    }
}
