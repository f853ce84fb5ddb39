package io.tillsync.kit.kafka;

import io.tillsync.kit.tracing.Traces;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * While a batch listener handles a batch, values published with the correlation id of one of its records continue
 * that record's trace ({@link Traces#handling}); spring-kafka observes record listeners only.
 */
public class TracingBatchInterceptor implements BatchInterceptor<Object, Object> {

    private final Traces traces;

    public TracingBatchInterceptor(Traces traces) {
        this.traces = traces;
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
            Consumer<Object, Object> consumer) {
        for (ConsumerRecord<Object, Object> record : records) {
            traces.handling(record.headers());
        }
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        handled(records);
    }

    @Override
    public void failure(ConsumerRecords<Object, Object> records, Exception exception, Consumer<Object, Object> consumer) {
        handled(records);
    }

    private void handled(ConsumerRecords<Object, Object> records) {
        for (ConsumerRecord<Object, Object> record : records) {
            traces.handled(record.headers());
        }
    }
}
