package io.tillsync.kit.kafka;

import io.tillsync.schemas.Topic;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Builds a {@link TopicPublisher} per topic on the service's one {@link ProducerFactory} (the Boot one, configured
 * by {@code spring.kafka.producer.*}), so every publisher of a service shares one producer. Each publisher's
 * template gets what Boot's {@code kafkaTemplate} gets: the producer listener (failed sends logged), and once the
 * context is refreshed, the {@code spring.kafka.template} send timer or, with {@code observation-enabled}, the
 * observation.
 *
 * <p>A service declares a publisher in one line: {@code @Bean TopicPublisher<OpsAlert> opsAlerts(TopicPublishers p)
 * { return p.forTopic(Topics.OPS_ALERTS); }}.
 */
public class TopicPublishers implements SmartInitializingSingleton {

    private final ProducerFactory<String, Object> producerFactory;
    private final ProducerListener<String, Object> producerListener;
    private final boolean observationEnabled;
    private final ApplicationContext context;
    private final List<KafkaTemplate<?, ?>> pending = new ArrayList<>();
    private boolean started;

    @SuppressWarnings("unchecked")
    public TopicPublishers(ProducerFactory<?, ?> producerFactory, ProducerListener<?, ?> producerListener,
            boolean observationEnabled, ApplicationContext context) {
        this.producerFactory = (ProducerFactory<String, Object>) producerFactory;
        this.producerListener = (ProducerListener<String, Object>) producerListener;
        this.observationEnabled = observationEnabled;
        this.context = context;
    }

    /** A publisher for the topic's values. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <V extends SpecificRecord> TopicPublisher<V> forTopic(Topic<String, V> topic) {
        KafkaTemplate<String, V> template = new KafkaTemplate<>((ProducerFactory) producerFactory);
        if (producerListener != null) {
            template.setProducerListener((ProducerListener) producerListener);
        }
        template.setObservationEnabled(observationEnabled);
        template.setBeanName("topicPublisher." + topic.name());
        if (context == null) {
            return new TopicPublisher<>(topic, template);
        }
        template.setApplicationContext(context);
        synchronized (pending) {
            if (started) {
                template.afterSingletonsInstantiated();
            } else {
                pending.add(template);
            }
        }
        return new TopicPublisher<>(topic, template);
    }

    @Override
    public void afterSingletonsInstantiated() {
        synchronized (pending) {
            started = true;
            pending.forEach(KafkaTemplate::afterSingletonsInstantiated);
            pending.clear();
        }
    }
}
