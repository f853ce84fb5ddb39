package io.tillsync.bench.delivery;

import io.tillsync.testsupport.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a phase's time went, read before and after it: CPU time of the service's JVM, of the Postgres backends serving
 * the bench database and of this JVM (broker, producer, receiver), and the service's own meters (claims and result
 * batches: count, time, size). On a machine shared with other work the wall-clock rate depends on what else runs;
 * CPU per delivery does not, so it is printed next to it.
 */
final class Costs {

    private static final List<String> METERS = List.of("tillsync_delivery_claim_seconds_count",
            "tillsync_delivery_claim_seconds_sum", "tillsync_delivery_claim_size_sum",
            "tillsync_delivery_record_seconds_count", "tillsync_delivery_record_seconds_sum",
            "tillsync_delivery_record_size_sum");

    /** One reading. */
    record Reading(long serviceCpuNanos, long postgresCpuNanos, long benchCpuNanos, Map<String, Double> meters) {
    }

    private final long servicePid;
    private final String metricsUrl;
    private final TestStack.Database database;
    private final HttpClient http = HttpClient.newHttpClient();

    Costs(long servicePid, String serviceUrl, TestStack.Database database) {
        this.servicePid = servicePid;
        this.metricsUrl = serviceUrl + "/actuator/prometheus";
        this.database = database;
    }

    Reading read() throws Exception {
        return new Reading(cpu(servicePid), postgresCpu(), ProcessHandle.current().info().totalCpuDuration()
                .map(Duration::toNanos).orElse(0L), meters());
    }

    /** Prints the costs of the deliveries made between two readings. */
    void print(String phase, Reading before, Reading after, long deliveries) {
        double service = (after.serviceCpuNanos() - before.serviceCpuNanos()) / 1e6 / deliveries * 1000;
        double postgres = (after.postgresCpuNanos() - before.postgresCpuNanos()) / 1e6 / deliveries * 1000;
        double bench = (after.benchCpuNanos() - before.benchCpuNanos()) / 1e6 / deliveries * 1000;
        double claims = delta(before, after, "tillsync_delivery_claim_seconds_count");
        double records = delta(before, after, "tillsync_delivery_record_seconds_count");
        System.out.printf(Locale.ROOT, "INFO %s CPU per 1000 successful deliveries: delivery-service %.0f ms, its Postgres backends "
                + "%.0f ms, bench JVM (broker, producer, receiver) %.0f ms => service + Postgres alone would need "
                + "%.2f cores for 2000 deliveries/s%n", phase, service, postgres, bench, (service + postgres) * 2 / 1000);
        System.out.printf(Locale.ROOT, "INFO %s service meters: %.0f claims (avg %.1f ms, %.1f deliveries each), "
                + "%.0f result batches (avg %.1f ms, %.1f results each)%n", phase, claims,
                avgMs(before, after, "tillsync_delivery_claim_seconds_sum", claims),
                delta(before, after, "tillsync_delivery_claim_size_sum") / Math.max(1, claims), records,
                avgMs(before, after, "tillsync_delivery_record_seconds_sum", records),
                delta(before, after, "tillsync_delivery_record_size_sum") / Math.max(1, records));
    }

    private static double delta(Reading before, Reading after, String meter) {
        return after.meters().getOrDefault(meter, 0.0) - before.meters().getOrDefault(meter, 0.0);
    }

    private static double avgMs(Reading before, Reading after, String sumMeter, double count) {
        return count == 0 ? 0 : delta(before, after, sumMeter) * 1000 / count;
    }

    private static long cpu(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    private long postgresCpu() throws SQLException {
        long total = 0;
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            while (rs.next()) {
                total += cpu(rs.getLong(1));
            }
        }
        return total;
    }

    private Map<String, Double> meters() throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new HashMap<>();
        for (String line : body.split("\n")) {
            for (String meter : METERS) {
                if (line.startsWith(meter + " ") || line.startsWith(meter + "{")) {
                    values.merge(meter, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        }
        return values;
    }
}
