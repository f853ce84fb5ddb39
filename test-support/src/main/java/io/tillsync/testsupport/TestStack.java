package io.tillsync.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.awaitility.Awaitility.await;

/**
 * The real parts every integration test talks to, started once per test JVM and shared: an Apache Kafka broker in
 * KRaft mode (in-JVM), the Apicurio registry's Confluent-compatible endpoint (child process, built by the
 * {@code deploy/registry} module), and a fresh database on the real Postgres (dropped at exit).
 *
 * <p>{@link #start()} also publishes the locations as system properties under the same names the services read
 * from the environment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code SCHEMA_REGISTRY_URL}, {@code DB_HOST}, ...), so a
 * Spring Boot test picks them up with no extra wiring.
 */
public final class TestStack {

    private static TestStack instance;

    private final EmbeddedKafkaKraftBroker broker;
    private final Process registry;
    private final String registryUrl;
    private final Database database;

    private TestStack(EmbeddedKafkaKraftBroker broker, Process registry, String registryUrl, Database database) {
        this.broker = broker;
        this.registry = registry;
        this.registryUrl = registryUrl;
        this.database = database;
    }

    /** Starts the shared stack if it is not running yet and returns it. */
    public static synchronized TestStack start() {
        if (instance == null) {
            Database database = Database.create();
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", "3",
                            "group.initial.rebalance.delay.ms", "0"));
            broker.afterPropertiesSet();
            int port = freePort();
            Process registry = startRegistry(port);
            instance = new TestStack(broker, registry, "http://127.0.0.1:" + port + "/apis/ccompat/v7", database);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "test-stack-stop"));
            instance.publishSystemProperties();
        }
        return instance;
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** Base URL of the Confluent-compatible registry API ({@code schema.registry.url}). */
    public String registryUrl() {
        return registryUrl;
    }

    public Database database() {
        return database;
    }

    /** The embedded broker, for tests that need to add topics or inspect it. */
    public EmbeddedKafkaKraftBroker broker() {
        return broker;
    }

    private void publishSystemProperties() {
        System.setProperty("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        System.setProperty("spring.kafka.bootstrap-servers", bootstrapServers());
        System.setProperty("SCHEMA_REGISTRY_URL", registryUrl);
        System.setProperty("DB_HOST", database.host());
        System.setProperty("DB_PORT", String.valueOf(database.port()));
        System.setProperty("DB_NAME", database.name());
        System.setProperty("DB_USER", database.user());
        System.setProperty("DB_PASSWORD", database.password());
        // the public development keys are accepted (services refuse them outside development mode)
        System.setProperty("TILLSYNC_DEV_MODE", "true");
    }

    private void stop() {
        registry.destroy();
        try {
            registry.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.destroyForcibly();
        broker.destroy();
        database.drop();
    }

    private static Process startRegistry(int port) {
        Path jar = findUp(Path.of("deploy", "registry", "target", "quarkus-app", "quarkus-run.jar"));
        Path log = Path.of("target", "registry-" + port + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(javaBin(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            HttpClient http = HttpClient.newHttpClient();
            URI subjects = URI.create("http://127.0.0.1:" + port + "/apis/ccompat/v7/subjects");
            await("schema registry on port " + port + " (log: " + log + ")")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("registry exited; see " + log);
                        }
                        return http.send(HttpRequest.newBuilder(subjects).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the schema registry from " + jar, e);
        }
    }

    /** Finds a path relative to the repository root by walking up from the working directory. */
    public static Path findUp(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath()
                + ". Build it first: ./mvnw -DskipTests install (the reactor builds deploy/registry before the tests).");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A database of its own on the real Postgres for this test JVM. Location comes from {@code PGHOST},
     * {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD} (defaults 127.0.0.1:5432, postgres, no password).
     */
    public record Database(String host, int port, String user, String password, String name) {

        static Database create() {
            String host = env("PGHOST", "127.0.0.1");
            int port = Integer.parseInt(env("PGPORT", "5432"));
            String user = env("PGUSER", "postgres");
            String password = env("PGPASSWORD", "");
            String name = "tillsync_test_" + UUID.randomUUID().toString().substring(0, 8);
            Database admin = new Database(host, port, user, password, "postgres");
            try (Connection c = admin.connect()) {
                c.createStatement().execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("Postgres at " + host + ":" + port + " is not reachable as " + user
                        + " (" + e.getMessage() + "). Start it: pg_ctlcluster --skip-systemctl-redirect "
                        + "$(ls /etc/postgresql) main start", e);
            }
            Database database = new Database(host, port, user, password, name);
            database.createServiceRoles();
            return database;
        }

        /**
         * Runs {@code deploy/postgres/roles.sql} here: the services' least-privilege roles (shared by the cluster,
         * created only if missing, so parallel runs do not collide) and their schemas and grants in this database.
         */
        public void createServiceRoles() {
            try (Connection c = connect()) {
                c.createStatement().execute(Files.readString(findUp(Path.of("deploy", "postgres", "roles.sql"))));
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("deploy/postgres/roles.sql failed in " + name + ": " + e.getMessage(), e);
            }
        }

        /** This database as one of the services' roles ({@code tillsync_sync}, ...): no password (trust) locally. */
        public Database as(String role) {
            return new Database(host, port, role, "", name);
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        }

        /** Rows of a query against this database, each as column label → value, in the query's order. */
        public List<Map<String, Object>> rows(String sql, Object... params) {
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                List<Map<String, Object>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                        }
                        out.add(row);
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void drop() {
            Database admin = new Database(host, port, user, password, "postgres");
            try (Connection c = admin.connect()) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                // best effort at JVM exit; a leftover test database does no harm
            }
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }

    /** Topics created on demand by tests that want explicit partition counts. */
    public void createTopics(List<String> names, int partitions) {
        broker.addTopics(names.stream()
                .map(n -> new org.apache.kafka.clients.admin.NewTopic(n, partitions, (short) 1)).toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }
}
