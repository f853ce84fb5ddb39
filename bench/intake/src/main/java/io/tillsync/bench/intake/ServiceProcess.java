package io.tillsync.bench.intake;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in a JVM of its own (a child of the bench, ended with it), reached over HTTP on 127.0.0.1: its
 * output goes to a log file, and it is ready when {@code readyPath} answers 200.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

    private final String name;
    private final Process process;
    private final String baseUrl;
    private final String compilePath;

    private ServiceProcess(String name, Process process, int port, String compilePath) {
        this.name = name;
        this.process = process;
        this.baseUrl = "http://127.0.0.1:" + port;
        this.compilePath = compilePath;
    }

    /**
     * Starts {@code java <jvmOptions> <command...>} with {@code env} added to this process's environment, and waits
     * (up to 2 minutes) until {@code readyPath} answers 200.
     */
    static ServiceProcess start(String name, int port, List<String> jvmOptions, List<String> command,
            Map<String, String> env, String readyPath, String compilePath, Path log) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(jvmOptions);
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        ServiceProcess service = new ServiceProcess(name, builder.start(), port, compilePath);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, name + "-stop"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (service.status(readyPath) != 200) {
            if (!service.process.isAlive() || System.nanoTime() > deadline) {
                service.close();
                throw new IllegalStateException(name + " did not become ready; see " + log);
            }
            Thread.sleep(200);
        }
        return service;
    }

    String url(String path) {
        return baseUrl + path;
    }

    /** CPU time the server's process has used so far (user and system), in ns; 0 where the OS does not tell. */
    long cpuNanos() {
        return cpuNanos(process.toHandle());
    }

    static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** JIT compilation time of the server's JVM so far, in ms. */
    long compileMillis() {
        Matcher m = VALUE.matcher(get(compilePath));
        if (!m.find()) {
            throw new IllegalStateException(name + ": no compilation time at " + compilePath);
        }
        return (long) Double.parseDouble(m.group(1));
    }

    /** A full garbage collection in the server's JVM ({@code jcmd <pid> GC.run}), waited for. */
    void gc() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
    }

    String get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(name + ": GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
