package io.tillsync.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s cannot be applied here (no cluster), so this reads every manifest into the Kubernetes API's typed model
 * (fabric8) and holds it to the code: each service has a Deployment, a Service and a PodDisruptionBudget; the ports
 * are the ones the services listen on; probes go to the management port's readiness and liveness groups; resources
 * are requested; pods get longer to stop than Spring's shutdown phase; every variable set is one the code reads;
 * autoscalers name Deployments and consumer groups that exist; no secret value is committed.
 */
class KubernetesManifestsTest {

    private static final Path K8S = ServiceConfigText.ROOT.resolve("deploy/k8s");
    /** The kinds the manifests may use, by apiVersion/kind, with the model class each is read into. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class, "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);
    private static final ObjectMapper YAML = new YAMLMapper();

    private static final List<HasMetadata> resources = new ArrayList<>();
    private static String config;

    @BeforeAll
    static void read() throws IOException {
        config = ServiceConfigText.all();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                for (JsonNode doc : YAML.readValues(new YAMLFactory().createParser(file.toFile()), JsonNode.class).readAll()) {
                    String kind = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                    assertThat(KINDS).as(file.getFileName() + ": " + kind).containsKey(kind);
                    resources.add(YAML.treeToValue(doc, KINDS.get(kind)));
                }
            }
        }
    }

    private static <T extends HasMetadata> T named(Class<T> type, String name) {
        return resources.stream().filter(type::isInstance).map(type::cast)
                .filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " missing"));
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void shouldListEveryRequiredManifestInTheKustomization() throws IOException {
        JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        Set<String> listed = new HashSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        for (String file : listed) {
            assertThat(K8S.resolve(file)).as(file).exists();
        }
        assertThat(listed).contains("config.yaml", "autoscaling.yaml");
        ServiceConfigText.SERVICES.forEach(s -> assertThat(listed).contains(s + ".yaml"));
    }

    @Test
    void shouldRunEachServiceOnItsPortsWithProbesOnTheManagementPort() throws IOException {
        for (String name : ServiceConfigText.SERVICES) {
            Deployment deployment = named(Deployment.class, name);
            Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            String yml = Files.readString(ServiceConfigText.ROOT.resolve(name).resolve("src/main/resources/application.yml"));
            Matcher port = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}").matcher(yml);
            assertThat(port.find()).as(name + " reads SERVER_PORT").isTrue();
            int http = Integer.parseInt(port.group(1));
            assertThat(env(c, "SERVER_PORT")).as(name).isEqualTo(String.valueOf(http));
            assertThat(containerPort(c, "http")).as(name + " http port").isEqualTo(http);
            int management = containerPort(c, "management");
            assertThat(env(c, "MANAGEMENT_SERVER_PORT")).as(name).isEqualTo(String.valueOf(management));
            assertThat(management).isNotEqualTo(http);
            assertProbe(name + " readiness", c.getReadinessProbe(), "/actuator/health/readiness");
            assertProbe(name + " liveness", c.getLivenessProbe(), "/actuator/health/liveness");

            Service service = named(Service.class, name);
            assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(service.getSpec().getPorts()).as(name + " Service exposes only the http port")
                    .allMatch(p -> p.getPort() == http && "http".equals(p.getTargetPort().getStrVal()));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        }
    }

    @Test
    void shouldRequestResourcesAndKeepAReplicaThroughDisruptions() {
        for (String name : ServiceConfigText.SERVICES) {
            Deployment deployment = named(Deployment.class, name);
            Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, Quantity> requests = c.getResources().getRequests();
            assertThat(requests).as(name + " requests").containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(name + " memory limit (the JVM sizes its heap from it)")
                    .containsEntry("memory", requests.get("memory"));
            assertThat(deployment.getSpec().getReplicas()).as(name + " replicas").isGreaterThanOrEqualTo(2);
            assertThat(env(c, "DB_USER")).as(name + " connects as its own role").isEqualTo("tillsync_" + name.replace("-service", ""));
            PodDisruptionBudget pdb = named(PodDisruptionBudget.class, name);
            assertThat(pdb.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isBetween(1, deployment.getSpec().getReplicas() - 1);
        }
    }

    @Test
    void shouldGivePodsLongerToStopThanSpringsShutdownPhase() throws IOException {
        Matcher m = Pattern.compile("timeout-per-shutdown-phase=(\\d+)s").matcher(Files.readString(
                ServiceConfigText.ROOT.resolve("service-kit/src/main/resources/tillsync-defaults.properties")));
        assertThat(m.find()).isTrue();
        long phase = Long.parseLong(m.group(1));
        for (Deployment d : all(Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                    .as(d.getMetadata().getName()).isGreaterThan(phase);
        }
    }

    @Test
    void shouldSetOnlyVariablesTheCodeReads() {
        List<String> names = new ArrayList<>();
        all(ConfigMap.class).forEach(cm -> names.addAll(cm.getData().keySet()));
        all(Secret.class).forEach(s -> names.addAll(s.getStringData().keySet()));
        all(Deployment.class).forEach(d -> d.getSpec().getTemplate().getSpec().getContainers()
                .forEach(c -> c.getEnv().forEach(e -> names.add(e.getName()))));
        assertThat(names).isNotEmpty();
        for (String name : names) {
            boolean springBinding = name.startsWith("MANAGEMENT_") || name.startsWith("SPRING_")
                    || name.equals("JAVA_TOOL_OPTIONS");
            assertThat(springBinding || ServiceConfigText.reads(config, name)).as("the code reads " + name).isTrue();
        }
        assertThat(names).as("the settings every service needs").contains("KAFKA_BOOTSTRAP_SERVERS",
                "SCHEMA_REGISTRY_URL", "DB_HOST", "DB_NAME", "OPERATOR_API_KEY", "TILLSYNC_SECRET_KEY");
    }

    @Test
    void shouldCommitNoSecretValue() {
        for (Secret secret : all(Secret.class)) {
            assertThat(secret.getData()).as("data of " + secret.getMetadata().getName()).isNullOrEmpty();
            secret.getStringData().forEach((k, v) -> assertThat(v).as(k).isEmpty());
        }
    }

    @Test
    void shouldScaleIntakeOnCpuAndConsumersOnGroupsThatExist() throws IOException {
        HorizontalPodAutoscaler intake = named(HorizontalPodAutoscaler.class, "intake-service");
        assertThat(intake.getSpec().getMetrics()).anyMatch(m -> "Resource".equals(m.getType())
                && "cpu".equals(m.getResource().getName()));
        String java = javaSources();
        for (HorizontalPodAutoscaler hpa : all(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            assertThat(named(Deployment.class, target)).isNotNull();
            assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            hpa.getSpec().getMetrics().stream().filter(m -> "External".equals(m.getType())).forEach(m -> {
                String group = m.getExternal().getMetric().getSelector().getMatchLabels().get("consumergroup");
                // a listener's id (its group when none is named) or a groupId's default
                assertThat(java.contains("\"" + group + "\"") || java.contains(":" + group + "}\""))
                        .as(target + " consumer group " + group).isTrue();
            });
        }
    }

    private static String javaSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String service : ServiceConfigText.SERVICES) {
            try (Stream<Path> files = Files.walk(ServiceConfigText.ROOT.resolve(service).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(f));
                }
            }
        }
        return all.toString();
    }

    private static void assertProbe(String what, Probe probe, String path) {
        assertThat(probe).as(what).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(what + " port").isEqualTo("management");
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " sets no " + name));
    }

    private static int containerPort(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(c.getName() + " has no port " + name));
    }
}
