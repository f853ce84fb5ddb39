package io.tillsync.sync.orders;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of TripleSeat → Revel order injection. The per-venue values ({@code timezone}, time-gate days,
 * local_id format) are defaults: a tripleseat connection's {@code settings} override them (see ORDERS.md).
 *
 * @param defaultHoursBack   bulk window when the request names none ({@code hours_back})
 * @param maxHoursBack       largest {@code hours_back} accepted
 * @param maxEventsPerRun    bound of one bulk run; the rest waits for the next run
 * @param maxRunDuration     time bound of one bulk run (checked between events; keep it under the consumer's
 *                           {@code max.poll.interval.ms} for scheduled runs, and under {@code bulkTimeout}); the
 *                           rest waits for the next run
 * @param singleTimeout      hard limit of one single-event API run; beyond it the API answers 504
 * @param bulkTimeout        hard limit of one bulk API run; beyond it the API answers 504
 * @param pageSize           queue rows read per page in a bulk run
 * @param timezone           venue timezone when the connection has no {@code settings.timezone} (IANA id)
 * @param daysBehind         time gate: earliest event date is today minus this many days (venue timezone)
 * @param daysAhead          time gate: latest event date is today plus this many days (venue timezone)
 * @param localIdFormat      Revel {@code local_id} of an injected order; {@code {event_id}} is replaced
 * @param cancelledStatuses  TripleSeat event statuses that never get an order (compared ignoring case)
 * @param httpTimeout        timeout of one TripleSeat or Revel call
 * @param lockTimeout        how long a run waits for another run injecting the same event
 * @param tokenRefreshBefore a TripleSeat access token is refreshed this long before it expires
 * @param requestsPerSecond  TripleSeat calls per second per credential (TripleSeat documents 10)
 * @param maxRetryAfter      a TripleSeat 429 is waited out once when its Retry-After is at most this
 */
@ConfigurationProperties("tillsync.orders.tripleseat")
public record OrderInjectionProperties(
        @DefaultValue("48") int defaultHoursBack,
        @DefaultValue("720") int maxHoursBack,
        @DefaultValue("200") int maxEventsPerRun,
        @DefaultValue("100s") Duration maxRunDuration,
        @DefaultValue("30s") Duration singleTimeout,
        @DefaultValue("2m") Duration bulkTimeout,
        @DefaultValue("50") int pageSize,
        @DefaultValue("America/Los_Angeles") String timezone,
        @DefaultValue("0") int daysBehind,
        @DefaultValue("1") int daysAhead,
        @DefaultValue("Triple Seat_{event_id}") String localIdFormat,
        @DefaultValue({"CANCELLED", "CANCELED", "LOST"}) List<String> cancelledStatuses,
        @DefaultValue("10s") Duration httpTimeout,
        @DefaultValue("25s") Duration lockTimeout,
        @DefaultValue("5m") Duration tokenRefreshBefore,
        @DefaultValue("10") int requestsPerSecond,
        @DefaultValue("5s") Duration maxRetryAfter) {
}
