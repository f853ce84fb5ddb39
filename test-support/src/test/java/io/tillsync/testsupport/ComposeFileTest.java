package io.tillsync.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be started on the development machines (no Docker engine), so this keeps it honest:
 * every service it names exists, listens where the code says, and every variable it sets is read by the code; Kafka
 * keeps its data on the volume, services that read sync-service's views wait for it, each service gets longer to stop
 * than Spring's shutdown phase, and the build context holds only the runnable jars.
 */
class ComposeFileTest {

    private static final List<String> SERVICES = ServiceConfigText.SERVICES;
    private static final Path ROOT = ServiceConfigText.ROOT;

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void shouldDeclareTheWholeStackWithHealthChecks() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).containsKeys("kafka", "schema-registry", "postgres", "kafka-ui");
        assertThat(services).containsKeys(SERVICES.toArray(String[]::new));
        services.forEach((name, service) -> assertThat(service).as(name + " healthcheck").containsKey("healthcheck"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldStartEachServiceOnlyAfterItsDependenciesAreHealthy() throws IOException {
        for (String name : SERVICES) {
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services().get(name).get("depends_on");
            assertThat(dependsOn).as(name).containsKeys("kafka", "schema-registry", "postgres");
            dependsOn.values().forEach(c -> assertThat(c).containsEntry("condition", "service_healthy"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPreconfigureKafkaUiWithClusterAndRegistry() throws IOException {
        Map<String, Object> env = (Map<String, Object>) services().get("kafka-ui").get("environment");
        assertThat(env.get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS")).isEqualTo("kafka:29092");
        assertThat(env.get("KAFKA_CLUSTERS_0_SCHEMAREGISTRY")).isEqualTo("http://schema-registry:8081");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldUseModulesPortsAndVariablesThatExistInTheCode() throws IOException {
        String code = ServiceConfigText.all();
        for (String name : SERVICES) {
            Map<String, Object> service = services().get(name);
            assertThat(ROOT.resolve(name).resolve("pom.xml")).as(name + " module").exists();
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            String port = String.valueOf(env.get("SERVER_PORT"));
            String yml = Files.readString(ROOT.resolve(name).resolve("src/main/resources/application.yml"));
            assertThat(yml).as(name + " default port").contains("${SERVER_PORT:" + port + "}");
            assertThat((List<String>) service.get("ports")).contains(port + ":" + port);
            for (String variable : env.keySet()) {
                if (variable.startsWith("SPRING_")) {
                    continue; // Spring Boot's own relaxed binding (e.g. SPRING_PROFILES_ACTIVE)
                }
                assertThat(code).as(name + " reads " + variable).containsPattern("\\$\\{" + Pattern.quote(variable) + "[:}]");
            }
        }
    }

    @Test
    void shouldKeepTheLocalLauncherOnTheSameVariableNames() throws IOException {
        Path launcher = ROOT.resolve("deploy/stack.sh");
        String script = Files.readString(launcher);
        Matcher m = Pattern.compile("\\b(KAFKA_BOOTSTRAP_SERVERS|SCHEMA_REGISTRY_URL|DB_HOST|DB_PORT|DB_NAME|DB_USER|DB_PASSWORD|SERVER_PORT)\\b").matcher(script);
        assertThat(m.results().map(java.util.regex.MatchResult::group).distinct().count()).as("launcher passes the services' variables").isEqualTo(8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepKafkasLogDirectoryOnItsVolume() throws IOException {
        Map<String, Object> kafka = services().get("kafka");
        Object logDirs = ((Map<String, Object>) kafka.get("environment")).get("KAFKA_LOG_DIRS");
        assertThat(logDirs).as("KAFKA_LOG_DIRS (the image's default is /tmp/kraft-combined-logs)").isNotNull();
        List<String> mounts = ((List<String>) kafka.get("volumes")).stream().map(v -> v.split(":")[1]).toList();
        for (String dir : logDirs.toString().split(",")) {
            assertThat(mounts).as("a volume holds " + dir).anyMatch(m -> dir.equals(m) || dir.startsWith(m + "/"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldStartTheServicesThatReadSyncsViewsAfterSyncIsReady() throws IOException {
        for (String name : List.of("intake-service", "poller-service")) {
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services().get(name).get("depends_on");
            assertThat(dependsOn).as(name + " waits for sync-service's migrations").containsKey("sync-service");
            assertThat(dependsOn.get("sync-service")).containsEntry("condition", "service_healthy");
        }
    }

    @Test
    void shouldGiveEachServiceMoreTimeToStopThanSpringsShutdownPhase() throws IOException {
        Duration phase = shutdownPhase(Files.readString(ROOT.resolve("service-kit/src/main/resources/tillsync-defaults.properties")))
                .orElseThrow(() -> new AssertionError("service-kit sets spring.lifecycle.timeout-per-shutdown-phase"));
        for (String name : SERVICES) {
            String yml = Files.readString(ROOT.resolve(name).resolve("src/main/resources/application.yml"));
            Duration servicePhase = shutdownPhase(yml).orElse(phase);
            Object grace = services().get(name).get("stop_grace_period");
            assertThat(grace).as(name + " stop_grace_period (compose's default is 10s)").isNotNull();
            assertThat(composeDuration(grace.toString())).as(name + " stop_grace_period").isGreaterThan(servicePhase);
        }
    }

    @Test
    void shouldSendOnlyTheRunnableJarsToTheImageBuild() throws IOException {
        Path ignore = ROOT.resolve(".dockerignore");
        assertThat(ignore).exists();
        List<String> patterns = Files.readAllLines(ignore).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (String excluded : List.of(".git/HEAD", "deploy/.run/logs/kafka.log", "sync-service/src/main/java/A.java",
                "sync-service/target/classes/A.class", "bench/intake/target/x.jar")) {
            assertThat(ignored(patterns, excluded)).as(excluded + " left out of the build context").isTrue();
        }
        for (String name : SERVICES) {
            String jar = name + "/target/" + name + "-0.1.0-SNAPSHOT-exec.jar"; // what deploy/docker/Dockerfile copies
            assertThat(ignored(patterns, jar)).as(jar + " sent to the build").isFalse();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldScrapeEveryServiceAndKeepMonitoringOnTheLoopback() throws IOException {
        Map<String, Map<String, Object>> services = services();
        String scrape = Files.readString(ROOT.resolve("deploy/observability/prometheus/prometheus.yml"));
        for (String name : SERVICES) {
            Object port = ((Map<String, Object>) services.get(name).get("environment")).get("SERVER_PORT");
            assertThat(scrape).as("Prometheus scrapes " + name).contains("\"" + name + ":" + port + "\"");
        }
        for (String name : List.of("prometheus", "grafana")) {
            assertThat((List<String>) services.get(name).get("ports")).as(name).allMatch(p -> p.startsWith("127.0.0.1:"));
            assertThat((List<String>) services.get(name).get("volumes")).as(name + " provisioned from the repository")
                    .anyMatch(v -> v.startsWith("./deploy/observability/"));
        }
    }

    /** .dockerignore's rule: the last pattern matching the path or one of its parent directories decides. */
    private static boolean ignored(List<String> patterns, String path) {
        boolean ignored = false;
        for (String line : patterns) {
            boolean negate = line.startsWith("!");
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + (negate ? line.substring(1) : line));
            Path p = Path.of(path);
            for (int i = 1; i <= p.getNameCount(); i++) {
                if (matcher.matches(p.subpath(0, i))) {
                    ignored = !negate;
                    break;
                }
            }
        }
        return ignored;
    }

    private static Optional<Duration> shutdownPhase(String config) {
        Matcher m = Pattern.compile("timeout-per-shutdown-phase[=:]\\s*(\\d+)s").matcher(config);
        return m.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(m.group(1)))) : Optional.empty();
    }

    /** Compose durations as used here: {@code 45s}, {@code 1m}, {@code 1m30s}. */
    private static Duration composeDuration(String value) {
        Matcher m = Pattern.compile("(?:(\\d+)m)?(?:(\\d+)s)?").matcher(value);
        assertThat(m.matches()).as("duration " + value).isTrue();
        return Duration.ofMinutes(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusSeconds(m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
    }
}
