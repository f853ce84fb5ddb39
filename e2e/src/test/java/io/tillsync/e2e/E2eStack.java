package io.tillsync.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local stack, started once per test JVM exactly as an operator starts it: {@code deploy/stack.sh up
 * --no-build --detach} (Kafka in KRaft mode, the registry, the four services' built jars as processes) on free ports,
 * its own run directory under {@code e2e/target/stack} and its own Postgres database. Faults go through the same
 * launcher ({@code stop --kill}, {@code start}), so what the tests do is what the runbook says.
 */
final class E2eStack {

    private static final Logger log = LoggerFactory.getLogger(E2eStack.class);
    static final String OPERATOR_KEY = "e2e-operator-key";
    static final List<String> SERVICES = List.of("intake-service", "sync-service", "delivery-service", "poller-service");

    private static E2eStack instance;

    private final Path root;
    private final Path runDir;
    private final String database;
    private final Map<String, String> env = new LinkedHashMap<>();

    private E2eStack() {
        root = findRoot();
        database = "tillsync_e2e_" + UUID.randomUUID().toString().substring(0, 8);
        env.put("TILLSYNC_RUN_DIR", root.resolve("e2e/target/stack").toString());
        for (String port : List.of("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "SCHEMA_REGISTRY_PORT", "INTAKE_PORT", "SYNC_PORT",
                "DELIVERY_PORT", "POLLER_PORT")) {
            env.put(port, String.valueOf(freePort()));
        }
        env.put("DB_NAME", database);
        env.put("OPERATOR_API_KEY", OPERATOR_KEY);
        env.put("SERVICE_TIMEOUT", "400");
        // subscribers and fake platforms listen on loopback in these tests; production refuses such targets
        env.put("TILLSYNC_ALLOW_PRIVATE_TARGETS", "true");
        env.put("DELIVERY_ALLOW_PRIVATE_TARGETS", "true");
        env.put("TILLSYNC_DELIVERY_ALLOW_LOOPBACK_TARGETS", "true");
        env.put("TILLSYNC_DELIVERY_RETRY_SCHEDULE", "1s,2s,2s,2s,2s");
        env.put("DELIVERY_RETRY_SCHEDULE", "1s,2s,2s,2s,2s");
        env.put("TILLSYNC_SYNC_PROPAGATION_ALLOW_LOOPBACK_TARGETS", "true");
        env.put("INTAKE_RATE_LIMIT_PER_MINUTE", "100000");
        // the 45-minute TripleSeat safety net runs every few seconds here (TripleSeatE2eTest waits for it)
        env.put("TRIPLESEAT_RECONCILE_INTERVAL", "5s");
        env.put("TILLSYNC_RECONCILE_TRIPLESEAT_INITIALDELAY", "5s");
        // a SIGKILLed poller's lease on a merchant runs out in seconds (FaultE2eTest), not 2 minutes
        env.put("TILLSYNC_CLOVER_LEASETTL", "10s");
        env.put("SERVICE_JAVA_OPTS", "-Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        // -De2e.env.NAME=value overrides any of the above (bench/sync runs the services with a full JIT, for one)
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("e2e.env."))
                .forEach(k -> env.put(k.substring("e2e.env.".length()), System.getProperty(k)));
        runDir = Path.of(env.get("TILLSYNC_RUN_DIR"));
    }

    static synchronized E2eStack get() {
        if (instance == null) {
            E2eStack stack = new E2eStack();
            stack.up();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::down, "e2e-stack-down"));
            instance = stack;
        }
        return instance;
    }

    String url(String service) {
        String var = switch (service) {
            case "intake-service" -> "INTAKE_PORT";
            case "sync-service" -> "SYNC_PORT";
            case "delivery-service" -> "DELIVERY_PORT";
            case "poller-service" -> "POLLER_PORT";
            default -> throw new IllegalArgumentException(service);
        };
        return "http://127.0.0.1:" + env.get(var);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + env.get("KAFKA_PORT");
    }

    String registryUrl() {
        return "http://127.0.0.1:" + env.get("SCHEMA_REGISTRY_PORT") + "/apis/ccompat/v7";
    }

    Path root() {
        return root;
    }

    /** Everything the service's processes wrote to their console logs so far (all instances). */
    String log(String service) {
        try (var files = java.nio.file.Files.list(runDir.resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(service)).sorted().toList()) {
                all.append(java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.UTF_8));
            }
            return all.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection db() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    }

    /** SIGKILL one component (a crash: no shutdown hooks, no flush). */
    void kill(String component) {
        run(List.of("stop", component, "--kill"));
    }

    /** Clean stop (SIGTERM, wait). */
    void stop(String component) {
        run(List.of("stop", component));
    }

    /** Start one component of the running stack again and wait for it to be ready. */
    void start(String component) {
        run(List.of("start", component));
    }

    /** Start one component with extra environment (settings of this start only) and wait for it to be ready. */
    void start(String component, Map<String, String> settings) {
        Map<String, String> saved = new LinkedHashMap<>(env);
        env.putAll(settings);
        try {
            run(List.of("start", component));
        } finally {
            env.clear();
            env.putAll(saved);
        }
    }

    /**
     * A second replica of a service beside the stack's own, started as the launcher starts services (same settings,
     * another port, its own {@code TILLSYNC_INSTANCE_ID}), ready when this returns. Closing it stops it cleanly.
     */
    Replica startReplica(String service, String instanceId) {
        int port = freePort();
        Path jar;
        try (var jars = Files.list(root.resolve(service).resolve("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches(service + "-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(service + " is not built"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(env.getOrDefault("SERVICE_JAVA_OPTS", "").trim().split("\\s+")));
        command.addAll(List.of("-Dtillsync.stack=" + runDir, "-jar", jar.toString()));
        command.removeIf(String::isEmpty);
        Path log = runDir.resolve("logs").resolve(service + "-" + instanceId + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
            pb.environment().put("SCHEMA_REGISTRY_URL", registryUrl());
            pb.environment().put("DB_HOST", "127.0.0.1");
            pb.environment().put("DB_PORT", "5432");
            pb.environment().put("DB_USER", "postgres");
            pb.environment().put("DB_PASSWORD", "");
            pb.environment().put("SERVER_PORT", String.valueOf(port));
            pb.environment().put("TILLSYNC_INSTANCE_ID", instanceId);
            Replica replica = new Replica(pb.start(), "http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(env.get("SERVICE_TIMEOUT")));
            while (!replica.healthy()) {
                if (!replica.process().isAlive() || System.nanoTime() > deadline) {
                    replica.kill();
                    throw new IllegalStateException(service + " replica " + instanceId + " did not start; see " + log);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            return replica;
        } catch (IOException e) {
            throw new IllegalStateException("could not start a replica of " + service, e);
        }
    }

    /** A service replica started by {@link #startReplica}. */
    record Replica(Process process, String url) implements AutoCloseable {

        boolean healthy() {
            Http.Response r = Http.send("GET", url + "/actuator/health", Map.of(), null);
            return r.status() == 200 && r.body().contains("\"UP\"");
        }

        /** SIGKILL (a crash); returns once the process is gone. */
        void kill() {
            process.destroyForcibly();
            waitFor();
        }

        /** SIGTERM (a clean shutdown: the service leaves its consumer groups); returns once the process is gone. */
        @Override
        public void close() {
            process.destroy();
            waitFor();
        }

        private void waitFor() {
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void up() {
        log.info("starting the stack from {} (database {})", runDir, database);
        run(List.of("up", "--no-build", "--detach"));
    }

    private void down() {
        try {
            run(List.of("down"));
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                c.createStatement().execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            } catch (SQLException e) {
                log.warn("could not drop {}: {}", database, e.getMessage());
            }
        }
    }

    private void run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("deploy/stack.sh").toString());
        command.addAll(args);
        try {
            Files.createDirectories(runDir);
            Path out = runDir.resolve("launcher.log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("deploy/stack.sh " + args + " did not finish; see " + out);
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(out);
                throw new IllegalStateException("deploy/stack.sh " + args + " failed:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run deploy/stack.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/stack.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/stack.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
