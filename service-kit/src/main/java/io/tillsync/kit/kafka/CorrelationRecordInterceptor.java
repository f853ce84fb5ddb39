package io.tillsync.kit.kafka;

import io.tillsync.kit.Correlation;
import io.tillsync.kit.tracing.Traces;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * While a listener handles a record: its correlation id header is in the logging MDC, and values published with
 * that correlation id continue the record's trace ({@link Traces#handling}).
 */
public class CorrelationRecordInterceptor implements RecordInterceptor<Object, Object> {

    private final Traces traces;

    public CorrelationRecordInterceptor() {
        this(Traces.noop());
    }

    public CorrelationRecordInterceptor(Traces traces) {
        this.traces = traces;
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        Header header = record.headers().lastHeader(Correlation.HEADER);
        if (header != null) {
            MDC.put(Correlation.MDC_KEY, new String(header.value(), StandardCharsets.UTF_8));
        }
        traces.handling(record.headers());
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        traces.handled(record.headers());
        MDC.remove(Correlation.MDC_KEY);
    }
}
