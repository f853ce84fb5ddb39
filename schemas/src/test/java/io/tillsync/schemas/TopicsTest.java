package io.tillsync.schemas;

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
}
