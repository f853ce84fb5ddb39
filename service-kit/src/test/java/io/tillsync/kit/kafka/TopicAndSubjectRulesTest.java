package io.tillsync.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tillsync.avro.PollRequest;
import io.tillsync.schemas.Topics;
import io.tillsync.schemas.serde.SchemaRegistryClient;
import io.tillsync.schemas.serde.SchemaRegistryException;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * What a service's start does to the broker and the registry: topics get the configs {@code Topics} declares (an
 * existing topic with other values is altered), and every subject gets {@code BACKWARD}, so the real registry refuses
 * an incompatible schema.
 */
@StackTest
class TopicAndSubjectRulesTest {

    @Test
    void shouldAlterATopicCreatedWithTheWrongRetentionAtStart() throws Exception {
        TestStack stack = TestStack.start();
        String dlt = Topics.OPS_ALERTS.dlt();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, dlt);
            try {
                admin.createTopics(List.of(new NewTopic(dlt, 1, (short) 1).configs(Map.of("retention.ms", "3600000")))).all().get();
            } catch (Exception e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                        new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)))).all().get();
            }
            // an altered config reaches the broker's metadata a moment after the controller took it
            await().atMost(Duration.ofSeconds(10)).until(() -> retention(admin, resource).equals("3600000"));

            try (ConfigurableApplicationContext service = start()) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(retention(admin, resource))
                        .isEqualTo(Long.toString(Duration.ofDays(30).toMillis())));
                var config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
                assertThat(config.get("min.insync.replicas").value()).as("min(2, replication factor 1)").isEqualTo("1");
                assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
            }
        }
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaOnceTheServiceStarted() throws Exception {
        TestStack stack = TestStack.start();
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.registryUrl(), null);
        String subject = Topics.POLL_REQUESTS.subjects().get(0);

        try (ConfigurableApplicationContext service = start()) {
            for (String each : SubjectCompatibility.subjects()) {
                assertThat(registry.compatibility(each)).as(each).isEqualTo("BACKWARD");
            }
            registry.register(subject, PollRequest.getClassSchema());
            Schema incompatible = new Schema.Parser().parse(PollRequest.getClassSchema().toString()
                    .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"priority\",\"type\":\"int\"},"));

            assertThatThrownBy(() -> registry.register(subject, incompatible))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.isIncompatible()).isTrue();
                    });
        }
    }

    private static String retention(Admin admin, ConfigResource topic) throws Exception {
        return admin.describeConfigs(Set.of(topic)).all().get().get(topic).get("retention.ms").value();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(KafkaOnly.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off").run();
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({KafkaAutoConfiguration.class, KafkaKitConfiguration.class})
    static class KafkaOnly {
    }
}
