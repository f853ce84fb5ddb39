package io.tillsync.schemas;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void shouldDeclareEachTopicNameOnceWithItsDeadLetterTwin() {
        Set<String> names = new HashSet<>();
        for (Topic<String, ?> topic : Topics.all()) {
            assertThat(names.add(topic.name())).as("duplicate topic %s", topic.name()).isTrue();
            assertThat(topic.dlt()).isEqualTo(topic.name() + ".dlt");
            assertThat(topic.partitions()).isPositive();
        }
        assertThat(Topics.all().stream().map(Topic::name)).containsExactly("webhooks.inbound", "catalog.changes", "platform.events", "poll.requests", "ops.alerts");
    }

    @Test
    void shouldGiveEachTopicADistinctValueType() {
        assertThat(Topics.all().stream().map(Topic::valueType).distinct()).hasSize(Topics.all().size());
    }

    @Test
    void shouldKeepDeadLettersAMonthAndAckOnlyOnTwoReplicasWhereThereAreTwo() {
        for (Topic<String, ?> topic : Topics.all()) {
            assertThat(topic.configs((short) 3)).containsEntry("min.insync.replicas", "2").containsEntry("cleanup.policy", "delete")
                    .containsEntry("retention.ms", Long.toString(topic.retention().toMillis()));
            assertThat(topic.configs((short) 1)).containsEntry("min.insync.replicas", "1");
            assertThat(Long.parseLong(topic.dltConfigs((short) 3).get("retention.ms")))
                    .as(topic.dlt() + " retention").isGreaterThanOrEqualTo(Duration.ofDays(30).toMillis());
            assertThat(topic.subjects()).containsExactly(topic.name() + "-value", topic.dlt() + "-value");
        }
    }
}
