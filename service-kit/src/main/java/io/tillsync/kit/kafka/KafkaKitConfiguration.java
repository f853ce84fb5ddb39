package io.tillsync.kit.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillsync.kit.ops.DeadLetterController;
import io.tillsync.kit.ops.DeadLetterReplay;
import io.tillsync.kit.tracing.Traces;
import io.tillsync.kit.tracing.TracingKitConfiguration;
import io.tillsync.schemas.Topic;
import io.tillsync.schemas.Topics;
import io.tillsync.schemas.serde.AvroSerdeConfig;
import io.tillsync.schemas.serde.DeadLetterSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka wiring shared by every service: the topics of {@link Topics} and their dead-letter twins are created at
 * start-up with the configs each declares, and an existing topic whose configs differ is altered to them (Boot's
 * {@code spring.kafka.admin.modify-topic-configs}, on in service-kit's defaults: {@code incrementalAlterConfigs} SET,
 * never a delete); every subject gets the registry's {@code BACKWARD} rule ({@link SubjectCompatibility}); every
 * listener gets one declared failure policy — a few in-place retries with exponential backoff, then the record goes
 * to {@code <topic>.dlt} with the exception in its headers (spring-kafka's {@link DeadLetterPublishingRecoverer}),
 * counted by {@link DeadLetterCounter}. Records that cannot be deserialized go to the DLT at once, bytes intact.
 * Every listener joins its group as a static member with the timing of {@link MembershipProperties}.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, TracingKitConfiguration.class})
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(MembershipProperties.class)
public class KafkaKitConfiguration {

    /** Static membership and per-listener group timing for every listener container (see {@link StaticMembership}). */
    @Bean
    @ConditionalOnMissingBean(StaticMembership.class)
    public StaticMembership staticMembership(MembershipProperties membership, KafkaProperties properties,
            @Value("${spring.application.name:}") String serviceName) {
        return new StaticMembership(membership, properties.buildAdminProperties(null), serviceName);
    }

    @Bean
    public KafkaAdmin.NewTopics tillsyncTopics(@Value("${tillsync.kafka.replication-factor:1}") short replication,
            @Value("${tillsync.kafka.partitions:0}") int partitionsOverride) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<String, ?> topic : Topics.all()) {
            int partitions = partitionsOverride > 0 ? partitionsOverride : topic.partitions();
            topics.add(new NewTopic(topic.name(), partitions, replication).configs(topic.configs(replication)));
            topics.add(new NewTopic(topic.dlt(), 1, replication).configs(topic.dltConfigs(replication)));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    public SubjectCompatibility subjectCompatibility(KafkaProperties properties,
            @Value("${tillsync.schemas.compatibility:BACKWARD}") String level) {
        Map<String, Object> config = properties.buildProducerProperties();
        return new SubjectCompatibility(AvroSerdeConfig.from(config).registryClient(), level);
    }

    /** Builds each service's {@link TopicPublisher}s on its one producer. */
    @Bean
    @ConditionalOnMissingBean
    public TopicPublishers topicPublishers(ProducerFactory<?, ?> producerFactory,
            ObjectProvider<ProducerListener<?, ?>> producerListener, KafkaProperties properties,
            ApplicationContext context, ObjectProvider<Traces> traces) {
        return new TopicPublishers(producerFactory, producerListener.getIfUnique(),
                properties.getTemplate().isObservationEnabled(), context, traces.getIfAvailable(Traces::noop));
    }

    /**
     * Template for dead letters: raw bytes pass through, Avro records are written under the DLT's subject. Observed
     * as the publishers are ({@code spring.kafka.template.observation-enabled}): the send timer and its observation
     * counterpart share one metric name with different tags, which Prometheus refuses to hold together.
     */
    @Bean
    public KafkaTemplate<Object, Object> deadLetterTemplate(KafkaProperties properties) {
        Map<String, Object> config = new HashMap<>(properties.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, DeadLetterSerializer.class);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        template.setObservationEnabled(properties.getTemplate().isObservationEnabled());
        return template;
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    public DefaultErrorHandler deadLetterErrorHandler(KafkaTemplate<Object, Object> deadLetterTemplate,
            @Value("${tillsync.kafka.retry.initial-interval-ms:200}") long initial,
            @Value("${tillsync.kafka.retry.max-attempts:3}") int maxAttempts,
            @Value("${tillsync.kafka.retry.outage-max-interval-ms:5000}") long outageMaxInterval,
            ObjectProvider<MeterRegistry> meters) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, ex) -> new TopicPartition(record.topic() + ".dlt", -1));
        ExponentialBackOff backOff = new ExponentialBackOff(initial, 2.0);
        backOff.setMaxAttempts(maxAttempts);
        ConsumerRecordRecoverer recoverer = DatabaseOutage.refusingDuringOutage(deadLetters);
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            recoverer = new DeadLetterCounter(registry).counting(recoverer);
        }
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        // while the database is down, wait longer between tries (and never dead-letter: see DatabaseOutage)
        handler.setBackOffFunction((record, ex) -> DatabaseOutage.isCause(ex) ? outageBackOff(outageMaxInterval) : null);
        return handler;
    }

    @Bean
    @ConditionalOnMissingBean(RecordInterceptor.class)
    public RecordInterceptor<Object, Object> correlationRecordInterceptor(ObjectProvider<Traces> traces) {
        return new CorrelationRecordInterceptor(traces.getIfAvailable(Traces::noop));
    }

    @Bean
    @ConditionalOnMissingBean(BatchInterceptor.class)
    public BatchInterceptor<Object, Object> tracingBatchInterceptor(ObjectProvider<Traces> traces) {
        return new TracingBatchInterceptor(traces.getIfAvailable(Traces::noop));
    }

    /** Replays a topic's dead letters onto the topic (operator route {@code POST /api/ops/dlt/{topic}/replay}). */
    @Bean
    public DeadLetterReplay deadLetterReplay(KafkaProperties properties) {
        return new DeadLetterReplay(properties.buildAdminProperties(null));
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    public DeadLetterController deadLetterController(DeadLetterReplay replay) {
        return new DeadLetterController(replay);
    }

    private static ExponentialBackOff outageBackOff(long maxInterval) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(maxInterval);
        backOff.setMaxAttempts(Integer.MAX_VALUE);
        return backOff;
    }
}
