package io.tillsync.delivery;

import static org.awaitility.Awaitility.await;

import io.tillsync.testsupport.TestStack;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * delivery-service as a separate JVM, the way it runs in production: {@code java -cp <classpath> DeliveryApplication}
 * with settings as system properties, on the shared test stack, with its own database. Used where a test must kill
 * the service for real ({@code SIGKILL}) rather than close a Spring context.
 */
final class DeliveryProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private DeliveryProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the service on a free port against {@code database} and waits until it reports ready. */
    static DeliveryProcess start(String name, TestStack.Database database, Map<String, String> settings)
            throws IOException {
        TestStack stack = TestStack.start();
        int port = TestStack.freePort();
        Path dir = Path.of("target", "processes").toAbsolutePath();
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Path argFile = dir.resolve(name + ".classpath");
        // the classpath of this test run without the test classes: the service as packaged, with its dependencies
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        Files.writeString(argFile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "@" + argFile,
                "-DKAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers(),
                "-DSCHEMA_REGISTRY_URL=" + stack.registryUrl(),
                "-DDB_HOST=" + database.host(), "-DDB_PORT=" + database.port(), "-DDB_NAME=" + database.name(),
                "-DDB_USER=" + database.user(), "-DDB_PASSWORD=" + database.password(),
                "-DSERVER_PORT=" + port, "-DMANAGEMENT_PORT=" + port, "-DTILLSYNC_DEV_MODE=true",
                // a static member identity of its own: sharing the test JVM's would fence that context's consumers
                "-DTILLSYNC_INSTANCE_ID=test-" + name));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(DeliveryApplication.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        DeliveryProcess started = new DeliveryProcess(process, port, log);
        started.awaitReady();
        return started;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        URI readiness = URI.create(baseUrl() + "/actuator/health/readiness");
        await("delivery-service process ready (log: " + log + ")").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("delivery-service exited with " + process.exitValue()
                                + "; see " + log);
                    }
                    return http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code kill -9}: no shutdown hook, no flush, no offset commit. Returns the exit code (137 for SIGKILL). */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("delivery-service did not die");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
