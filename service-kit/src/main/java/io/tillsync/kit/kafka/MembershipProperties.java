package io.tillsync.kit.kafka;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How every {@code @KafkaListener} of a service is a member of its consumer group ({@code tillsync.kafka.membership.*}).
 * With static membership a replica joins under a stable {@code group.instance.id}, so the same replica started again
 * gets its partitions back at once instead of after the session timeout; a replica that dies without a replacement is
 * noticed after {@code session-timeout}. Heartbeats run on the client's own thread, so the session timeout does not
 * depend on how long a batch takes; {@code max-poll-interval} does (a batch must finish within it, and a rebalance
 * waits up to it for members busy with a batch), so each listener sets it from its batch time.
 *
 * @param staticMembership  join with {@code group.instance.id} (off: dynamic members, which leave on close)
 * @param instanceId        this replica's identity ({@code TILLSYNC_INSTANCE_ID}); blank: host name + service name.
 *                          Two processes running at once must never share it
 * @param sessionTimeout    a member not heard from for this long is dropped and its partitions move (at least the
 *                          broker's {@code group.min.session.timeout.ms}, 6 s by default)
 * @param heartbeatInterval how often the client heartbeats (at most a third of the session timeout)
 * @param maxPollInterval   longest time between two polls of one consumer, i.e. the longest batch plus its retries
 * @param leaveTimeout      how long a clean shutdown waits for the broker to remove this replica's static members
 * @param listeners         per listener id, settings that differ from the above
 */
@ConfigurationProperties("tillsync.kafka.membership")
public record MembershipProperties(
        @DefaultValue("true") boolean staticMembership,
        String instanceId,
        @DefaultValue("6s") Duration sessionTimeout,
        @DefaultValue("1500ms") Duration heartbeatInterval,
        @DefaultValue("5m") Duration maxPollInterval,
        @DefaultValue("5s") Duration leaveTimeout,
        Map<String, Listener> listeners) {

    /**
     * One listener's own timing; a blank value takes the service-wide one.
     *
     * @param sessionTimeout    as {@link MembershipProperties#sessionTimeout()}
     * @param heartbeatInterval as {@link MembershipProperties#heartbeatInterval()}
     * @param maxPollInterval   as {@link MembershipProperties#maxPollInterval()}
     */
    public record Listener(Duration sessionTimeout, Duration heartbeatInterval, Duration maxPollInterval) {
    }

    public MembershipProperties {
        listeners = listeners == null ? Map.of() : Map.copyOf(listeners);
    }

    /** The timing of one listener: its own settings where it has them, the service-wide ones otherwise. */
    Listener timing(String listenerId) {
        Listener own = listenerId == null ? null : listeners.get(listenerId);
        if (own == null) {
            return new Listener(sessionTimeout, heartbeatInterval, maxPollInterval);
        }
        return new Listener(own.sessionTimeout() != null ? own.sessionTimeout() : sessionTimeout,
                own.heartbeatInterval() != null ? own.heartbeatInterval() : heartbeatInterval,
                own.maxPollInterval() != null ? own.maxPollInterval() : maxPollInterval);
    }
}
