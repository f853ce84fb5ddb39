package io.tillsync.kit.kafka;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A failure that says "the database is not there right now", not "this record is bad". Such records must not go
 * to the dead-letter topic: that would turn a Postgres restart into lost work. The listener keeps retrying them
 * (with back-off) until the database answers again, then carries on where it stopped.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** True when the exception or one of its causes is a connection-level or transient database failure. */
    public static boolean isCause(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof CannotCreateTransactionException || t instanceof R2dbcTransientException
                    || t instanceof R2dbcNonTransientResourceException
                    || t.getClass().getName().startsWith("io.r2dbc.postgresql.PostgresqlConnectionFactory")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Wraps a recoverer (the dead-letter publisher) so that it refuses records that failed because the database was
     * unavailable: spring-kafka then seeks back and retries them instead of recovering them.
     */
    public static ConsumerRecordRecoverer refusingDuringOutage(ConsumerRecordRecoverer recoverer) {
        return (ConsumerRecord<?, ?> record, Exception exception) -> {
            if (isCause(exception)) {
                throw new IllegalStateException("database unavailable; " + record.topic() + "-" + record.partition()
                        + "@" + record.offset() + " will be retried, not dead-lettered", exception);
            }
            recoverer.accept(record, exception);
        };
    }
}
