package io.tillsync.kit.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.util.StringUtils;

/**
 * Makes every listener container of the service a member of its group as {@link MembershipProperties} says: its
 * {@code group.instance.id} (this replica's identity; spring-kafka appends {@code -n} per consumer when a container
 * runs several), session timeout, heartbeat and {@code max.poll.interval.ms}. A static member does not leave its
 * group when its consumer closes (the Kafka 3.9 client offers no way to make it), so on a clean shutdown, once the
 * containers have stopped, this removes the replica's members through the admin API: the partitions move to the
 * other replicas at once instead of after the session timeout. A SIGKILLed replica is not removed; started again
 * under the same identity it takes its partitions back without a rebalance, and if it does not come back its
 * partitions move after the session timeout.
 */
public class StaticMembership implements ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>,
        SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StaticMembership.class);
    /**
     * Identities taken in this JVM. Several application contexts in one JVM (tests) must not join one group under one
     * identity (the broker would fence all but the newest): the second one gets {@code -2}, and so on.
     */
    private static final Set<String> TAKEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final MembershipProperties properties;
    private final Map<String, Object> adminConfig;
    private final String instanceId;
    /** group id → the containers of this replica in it (their instance ids are this replica's id, maybe suffixed). */
    private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
    private volatile boolean running;

    public StaticMembership(MembershipProperties properties, Map<String, Object> adminConfig, String serviceName) {
        this.properties = properties;
        this.adminConfig = adminConfig;
        this.instanceId = properties.staticMembership() ? claim(identity(properties.instanceId(), serviceName)) : null;
        if (instanceId != null) {
            log.info("Kafka consumers join their groups as static members, group.instance.id {} (TILLSYNC_INSTANCE_ID)",
                    instanceId);
        }
    }

    /** This replica's identity: the configured one, or host name + service name. */
    static String identity(String configured, String serviceName) {
        if (StringUtils.hasText(configured)) {
            return configured.trim();
        }
        String host = System.getenv("HOSTNAME");
        if (!StringUtils.hasText(host)) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "-" + (StringUtils.hasText(serviceName) ? serviceName : "tillsync");
    }

    private static String claim(String id) {
        String candidate = id;
        for (int n = 2; !TAKEN_IN_THIS_JVM.add(candidate); n++) {
            candidate = id + "-" + n;
        }
        return candidate;
    }

    /** This replica's {@code group.instance.id} (before spring-kafka's per-consumer suffix), or null when dynamic. */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public void configure(ConcurrentMessageListenerContainer<Object, Object> container) {
        MembershipProperties.Listener timing = properties.timing(container.getListenerId());
        Properties consumer = new Properties();
        Properties own = container.getContainerProperties().getKafkaConsumerProperties();
        put(consumer, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, timing.sessionTimeout());
        put(consumer, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, timing.heartbeatInterval());
        put(consumer, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, timing.maxPollInterval());
        if (instanceId != null) {
            consumer.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        consumer.putAll(own); // what a listener's own @KafkaListener(properties = ...) says wins
        container.getContainerProperties().setKafkaConsumerProperties(consumer);
        if (instanceId != null) {
            String group = container.getGroupId() != null ? container.getGroupId() : container.getListenerId();
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(container.getListenerId());
        }
    }

    private static void put(Properties consumer, String key, Duration value) {
        consumer.setProperty(key, String.valueOf(value.toMillis()));
    }

    @Override
    public void start() {
        running = true;
    }

    /** Runs after the listener containers stopped (a lower phase stops later): removes this replica's members. */
    @Override
    public void stop() {
        running = false;
        if (instanceId == null) {
            return;
        }
        try {
            leave();
        } finally {
            TAKEN_IN_THIS_JVM.remove(instanceId);
        }
    }

    private void leave() {
        if (groups.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + properties.leaveTimeout().toNanos();
        Pattern mine = Pattern.compile(Pattern.quote(instanceId) + "(-\\d+)?");
        try (Admin admin = Admin.create(adminConfig)) {
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups.keySet()).all()
                    .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            Map<String, List<MemberToRemove>> removals = new LinkedHashMap<>();
            described.forEach((group, description) -> description.members().stream()
                    .filter(m -> m.groupInstanceId().filter(id -> mine.matcher(id).matches()).isPresent())
                    .forEach(m -> removals.computeIfAbsent(group, g -> new ArrayList<>())
                            .add(new MemberToRemove(m.groupInstanceId().get()))));
            for (Map.Entry<String, List<MemberToRemove>> removal : removals.entrySet()) {
                admin.removeMembersFromConsumerGroup(removal.getKey(),
                        new RemoveMembersFromConsumerGroupOptions(removal.getValue()))
                        .all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            }
            log.info("Left consumer groups {} (static members of {} removed)", removals.keySet(), instanceId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Could not remove static members {} from {}; their partitions move after the session timeout ({})",
                    instanceId, groups.keySet(), e.toString());
        }
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }
}
