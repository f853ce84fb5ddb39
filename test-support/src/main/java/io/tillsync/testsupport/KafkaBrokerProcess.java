package io.tillsync.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A real Apache Kafka broker (KRaft combined mode, one node) in a child process, for tests that must stop the broker
 * without losing its data: {@link #kill()} ends the process like a crash, {@link #restart()} starts it again on the
 * same ports and the same log directory, so everything it acknowledged before is still there.
 *
 * <p>The broker's classpath is {@code deploy/kafka/target/lib/*} when that module has been built, otherwise the test
 * JVM's own classpath (which holds the same {@code kafka_2.13} through spring-kafka-test).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final String classpath;
    private final List<String> jvmOptions;
    private Process process;
    private int starts;

    private KafkaBrokerProcess(Path dir, int port, String classpath, List<String> jvmOptions) {
        this.dir = dir;
        this.port = port;
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Formats a fresh log directory under {@code target/} and starts the broker on free ports, in a JVM tuned to start
     * fast (C1 only): what tests want.
     */
    public static KafkaBrokerProcess start() {
        return start(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** As {@link #start()}, with the broker JVM's options given (a benchmark wants those of the deployed stack). */
    public static KafkaBrokerProcess start(List<String> jvmOptions) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "kafka-broker-");
            int port = TestStack.freePort();
            int controllerPort = TestStack.freePort();
            Files.writeString(dir.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=1",
                    "auto.create.topics.enable=true",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "") );
            KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port, classpath(), jvmOptions);
            broker.run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", dir.resolve("server.properties").toString()), dir.resolve("format.log")).waitFor(60, TimeUnit.SECONDS);
            broker.restart();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-process-stop"));
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare a Kafka broker directory", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's process while it runs (for its CPU time, say); empty when it is not running. */
    public synchronized Optional<ProcessHandle> process() {
        return isRunning() ? Optional.of(process.toHandle()) : Optional.empty();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Ends the broker at once (SIGKILL), as a crash would; acknowledged records stay in its log directory. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the broker again on the same ports and log directory and waits until it answers. */
    public synchronized void restart() {
        kill();
        starts++;
        process = run(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), dir.resolve("broker-" + starts + ".log"));
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            await("Kafka broker on " + bootstrapServers() + " (log: " + dir + ")").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("broker exited; see " + dir);
                        }
                        return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get().isEmpty();
                    });
        }
    }

    /** Ends the broker and deletes its directory (a benchmark leaves gigabytes of log there). */
    @Override
    public synchronized void close() {
        kill();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // best effort: the directory is under target/, which the next clean removes
            }
        }
    }

    private Process run(List<String> mainAndArgs, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + mainAndArgs.get(0), e);
        }
    }

    private static String classpath() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path lib = dir.resolve(Path.of("deploy", "kafka", "target", "lib"));
            if (Files.isDirectory(lib)) {
                return lib + "/*";
            }
        }
        return System.getProperty("java.class.path");
    }
}
