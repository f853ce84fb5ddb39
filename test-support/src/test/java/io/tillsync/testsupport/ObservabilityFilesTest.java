package io.tillsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and dashboards of {@code deploy/observability} name only meters the services register: a renamed
 * meter fails here rather than as a silent, never-firing alert. (promtool checks the rules' syntax and behaviour:
 * {@code deploy/observability/check.sh}, run by CI.)
 */
class ObservabilityFilesTest {

    private static final Path ROOT = TestStack.findUp(Path.of("docker-compose.yml")).getParent();
    private static final Path OBSERVABILITY = ROOT.resolve("deploy/observability");
    private static final Pattern PROMETHEUS_NAME = Pattern.compile("\\btillsync_[a-z0-9_]+");
    private static final Pattern METER_NAME = Pattern.compile("\"(tillsync\\.[a-z0-9_.]+)\"");
    private static final Pattern SUFFIX = Pattern.compile("(_seconds)?(_total|_count|_sum|_bucket|_max)?$");

    @Test
    void shouldNameOnlyMetersTheServicesRegister() throws IOException {
        Set<String> exposed = new TreeSet<>();
        for (String meter : meterNames()) {
            exposed.add(meter.replace('.', '_'));
        }
        Set<String> referenced = new TreeSet<>();
        referenced.addAll(prometheusNames(Files.readString(OBSERVABILITY.resolve("prometheus/rules.yml"))));
        try (Stream<Path> dashboards = Files.list(OBSERVABILITY.resolve("grafana/dashboards"))) {
            for (Path dashboard : dashboards.toList()) {
                referenced.addAll(prometheusNames(Files.readString(dashboard)));
            }
        }
        assertThat(referenced).as("metrics the rules and dashboards use").isNotEmpty();
        for (String name : referenced) {
            assertThat(exposed).as("%s is registered by a service (meters: %s)", name, exposed)
                    .contains(SUFFIX.matcher(name).replaceFirst(""));
        }
    }

    @Test
    void shouldProvisionDashboardsOnTheProvisionedDatasource() throws IOException {
        String datasources = Files.readString(OBSERVABILITY.resolve("grafana/provisioning/datasources/prometheus.yml"));
        try (Stream<Path> dashboards = Files.list(OBSERVABILITY.resolve("grafana/dashboards"))) {
            for (Path file : dashboards.toList()) {
                JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
                assertThat(dashboard.path("uid").asText()).as(file + " uid").isNotBlank();
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        assertThat(datasources).contains("uid: " + target.at("/datasource/uid").asText());
                        assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
                    }
                }
            }
        }
    }

    private static Set<String> prometheusNames(String text) {
        Set<String> names = new TreeSet<>();
        PROMETHEUS_NAME.matcher(text).results().forEach(m -> names.add(m.group()));
        return names;
    }

    private static Set<String> meterNames() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/")).toList()) {
                Matcher m = METER_NAME.matcher(Files.readString(file));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
