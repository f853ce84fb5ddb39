package io.tillsync.poller.clover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tillsync.avro.AvailabilityChange;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.ChangeOrigin;
import io.tillsync.avro.InventoryLevel;
import io.tillsync.avro.ProductUpsert;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** First and incremental polls against the fake Clover, two merchants side by side, interval and enable switch. */
class CloverPollTest extends CloverStackTestBase {

    @Test
    void shouldReadEverythingPageByPageOnTheFirstPollAndPublishWebhookShapedChanges() {
        String tenant = newTenant();
        String connection = connection(tenant, "MFIRST", "tok-first");
        clover.items("MFIRST", "I", 250, OLD);

        assertThat(pollNow(connection)).isEqualTo(PollOutcome.COMPLETED);

        assertThat(clover.requests("MFIRST")).extracting(FakeClover.Request::offset).containsExactly(0, 100, 200);
        assertThat(clover.requests("MFIRST")).allSatisfy(r -> {
            assertThat(r.token()).isEqualTo("tok-first");
            assertThat(r.query()).containsEntry("filter", "modifiedTime>=0").containsEntry("limit", "100")
                    .containsEntry("expand", "itemStock");
        });
        List<ConsumerRecord<String, CatalogChange>> records = published(tenant);
        assertThat(records).hasSize(750).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(tenant + ":" + r.value().getItemId());
            assertThat(r.value().getOrigin()).isEqualTo(ChangeOrigin.POLL);
            assertThat(r.value().getConnectionId()).isEqualTo(connection);
            assertThat(r.value().getProvider()).isEqualTo("clover");
        });
        assertThat(records).extracting(r -> r.value().getCorrelationId()).containsOnly(records.get(0).value().getCorrelationId());
        List<CatalogChange> first = records.stream().map(ConsumerRecord::value).filter(c -> c.getItemId().equals("I1")).toList();
        assertThat(first).hasSize(3);
        ProductUpsert upsert = (ProductUpsert) first.get(0).getChange();
        assertThat(upsert.getVariants().get(0).getPrice()).isEqualTo(new BigDecimal("10.0100"));
        assertThat(upsert.getVariants().get(0).getCost()).isEqualTo(new BigDecimal("4.0100"));
        assertThat(upsert.getExtras()).containsEntry("priceType", "FIXED").containsEntry("unitCost", "4.0100");
        assertThat(((InventoryLevel) first.get(1).getChange()).getQuantity()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(((AvailabilityChange) first.get(2).getChange()).getAvailable()).isTrue();
        CatalogChange soldOut = records.stream().map(ConsumerRecord::value)
                .filter(c -> c.getItemId().equals("I7") && c.getChange() instanceof AvailabilityChange).findFirst().orElseThrow();
        assertThat(((AvailabilityChange) soldOut.getChange()).getStatus()).isEqualTo("OUT_OF_STOCK");

        MerchantState state = state(connection);
        assertThat(state.pollCount()).isEqualTo(1);
        assertThat(state.lastSyncTime()).isNotNull();
        assertThat(state.lastCleanupTime()).isEqualTo(state.lastSyncTime());
        assertThat(state.tokenStatus()).isEqualTo("valid");
        assertThat(state.leaseOwner()).isNull();
        assertThat(state.runOffset()).isNull();
        assertThat(state.nextPollAt()).isCloseTo(state.lastPolledAt().plus(Duration.ofMinutes(5)), within(2, ChronoUnit.SECONDS));
    }

    @Test
    void shouldReadOnlyChangesSinceTheLastSyncMinusTheOverlapOnTheNextPoll() {
        String tenant = newTenant();
        String connection = connection(tenant, "MINC", "tok-inc");
        clover.items("MINC", "I", 5, OLD);
        pollNow(connection);
        MerchantState afterFirst = state(connection);
        clover.update("MINC", "I3", item -> item.withPrice(1399, System.currentTimeMillis()));
        clover.reset();
        Instant second = Instant.now();

        assertThat(pollNow(connection)).isEqualTo(PollOutcome.COMPLETED);

        long expectedSince = afterFirst.lastSyncTime().minus(Duration.ofSeconds(60)).toEpochMilli();
        assertThat(clover.requests("MINC")).singleElement()
                .satisfies(r -> assertThat(r.query()).containsEntry("filter", "modifiedTime>=" + expectedSince));
        assertThat(changes(tenant)).hasSize(15 + 3);
        List<CatalogChange> incremental = changesSince(tenant, second);
        assertThat(incremental).hasSize(3).allSatisfy(c -> assertThat(c.getItemId()).isEqualTo("I3"));
        assertThat(((ProductUpsert) incremental.get(0).getChange()).getVariants().get(0).getPrice())
                .isEqualTo(new BigDecimal("13.9900"));
        MerchantState afterSecond = state(connection);
        assertThat(afterSecond.pollCount()).isEqualTo(2);
        assertThat(afterSecond.lastSyncTime()).isAfter(afterFirst.lastSyncTime());
    }

    @Test
    void shouldPollTwoMerchantsIndependently() {
        String tenantA = newTenant();
        String tenantB = newTenant();
        String a = connection(tenantA, "MA2", "tok-a");
        String b = connection(tenantB, "MB2", "tok-b");
        clover.items("MA2", "A", 2, OLD).items("MB2", "B", 3, OLD);
        store.discover().block();

        assertThat(workers.drain(null)).containsExactly(PollOutcome.COMPLETED, PollOutcome.COMPLETED);
        clover.update("MB2", "B2", item -> item.withPrice(5, System.currentTimeMillis()));
        clover.reset();
        assertThat(pollNow(a)).isEqualTo(PollOutcome.COMPLETED);
        assertThat(pollNow(b)).isEqualTo(PollOutcome.COMPLETED);

        assertThat(clover.requests("MA2")).singleElement().satisfies(r -> assertThat(r.token()).isEqualTo("tok-a"));
        assertThat(clover.requests("MB2")).singleElement().satisfies(r -> assertThat(r.token()).isEqualTo("tok-b"));
        assertThat(changes(tenantA)).hasSize(6).allSatisfy(c -> assertThat(c.getConnectionId()).isEqualTo(a));
        assertThat(changes(tenantB)).hasSize(9 + 3).allSatisfy(c -> assertThat(c.getConnectionId()).isEqualTo(b));
        assertThat(state(a).pollCount()).isEqualTo(2);
        assertThat(state(b).pollCount()).isEqualTo(2);
        assertThat(state(a).lastSyncTime()).isNotEqualTo(state(b).lastSyncTime());
    }

    @Test
    void shouldScheduleByTheMerchantsIntervalAndLeaveSwitchedOffMerchantsAlone() {
        String tenant = newTenant();
        String hourly = connection(tenant, "MHOUR", "tok-h", "{\"poll_interval_seconds\": 3600}");
        String off = connection(tenant, "MOFF", "tok-off", "{\"polling_enabled\": false}");
        clover.items("MHOUR", "H", 1, OLD).items("MOFF", "O", 1, OLD);
        store.discover().block();

        assertThat(pollNow(hourly)).isEqualTo(PollOutcome.COMPLETED);
        assertThat(workers.drain(off)).isEmpty();
        assertThat(workers.drain(hourly)).isEmpty(); // not due again before its hour

        MerchantState state = state(hourly);
        assertThat(state.nextPollAt()).isCloseTo(state.lastPolledAt().plus(Duration.ofHours(1)), within(2, ChronoUnit.SECONDS));
        assertThat(clover.requests("MOFF")).isEmpty();
        assertThat(state(off).pollCount()).isZero();
    }
}
