package io.tillsync.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be started on the development machines (no Docker engine), so this keeps it honest:
 * every service it names exists, listens where the code says, and every variable it sets is read by the code.
 */
class ComposeFileTest {

    private static final List<String> SERVICES = List.of("intake-service", "sync-service", "delivery-service", "poller-service");
    private static final Path ROOT = TestStack.findUp(Path.of("docker-compose.yml")).getParent();

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
        String code = codeText();
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

    private static String codeText() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : Stream.concat(SERVICES.stream(), Stream.of("service-kit")).toList()) {
            Path resources = ROOT.resolve(module).resolve("src/main/resources");
            try (Stream<Path> files = Files.walk(resources)) {
                for (Path file : files.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(ya?ml|properties)")).toList()) {
                    all.append(Files.readString(file)).append('\n');
                }
            }
        }
        return all.toString();
    }
}
