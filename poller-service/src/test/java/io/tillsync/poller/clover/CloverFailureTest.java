package io.tillsync.poller.clover;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.avro.AlertSeverity;
import io.tillsync.avro.CatalogChange;
import io.tillsync.avro.OpsAlert;
import io.tillsync.kit.security.SecretField;
import io.tillsync.schemas.Topics;
import io.tillsync.testsupport.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** 401, 429, a poll dying between pages and a replica dying with a lease: nothing skipped, the others go on. */
class CloverFailureTest extends CloverStackTestBase {

    @Test
    void shouldMarkTheTokenInvalidRaiseAnAlertAndGoOnWithOtherMerchantsOn401() {
        String revokedTenant = newTenant();
        String fineTenant = newTenant();
        String revoked = connection(revokedTenant, "MREVOKED", "tok-old");
        String fine = connection(fineTenant, "MFINE", "tok-fine");
        clover.items("MREVOKED", "R", 2, OLD).items("MFINE", "F", 2, OLD);
        clover.merchant("MREVOKED", "tok-rotated"); // Clover no longer accepts tok-old
        store.discover().block();

        assertThat(workers.drain(null)).containsExactlyInAnyOrder(PollOutcome.TOKEN_INVALID, PollOutcome.COMPLETED);

        MerchantState state = state(revoked);
        assertThat(state.tokenStatus()).isEqualTo("invalid");
        assertThat(state.lastSyncTime()).isNull();
        assertThat(state.pollCount()).isZero();
        assertThat(state.leaseOwner()).isNull();
        assertThat(changes(fineTenant)).hasSize(6);
        assertThat(changes(revokedTenant)).isEmpty();
        List<ConsumerRecord<String, OpsAlert>> alerts = TopicProbe.readAll(Topics.OPS_ALERTS,
                r -> r.value() != null && revokedTenant.equals(r.value().getTenant()));
        assertThat(alerts).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(revokedTenant);
            assertThat(r.value().getKind()).isEqualTo("TOKEN_INVALID");
            assertThat(r.value().getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(r.value().getSubject()).isEqualTo("MREVOKED");
            assertThat(r.value().getAttributes()).containsEntry("connectionId", revoked);
        });

        sql("UPDATE poller.clover_merchant SET next_poll_at = now() WHERE connection_id = ?", revoked);
        assertThat(workers.drain(revoked)).isEmpty(); // same token: not asked again
        assertThat(clover.requests("MREVOKED")).hasSize(1);

        sql("UPDATE sync.connection SET api_token_enc = ? WHERE id = ?", secrets.encrypt("tok-rotated", SecretField.CONNECTION_API_TOKEN.at(revoked)), revoked);
        assertThat(workers.drain(revoked)).containsExactly(PollOutcome.COMPLETED);
        assertThat(state(revoked).tokenStatus()).isEqualTo("valid");
        assertThat(changes(revokedTenant)).hasSize(6);
        assertThat(state(fine).pollCount()).isEqualTo(1);
    }

    @Test
    void shouldWaitAndRetryWhenCloverAnswers429() {
        String tenant = newTenant();
        String connection = connection(tenant, "M429", "tok-429");
        clover.items("M429", "I", 2, OLD).answer429("M429", 1, "1");

        assertThat(pollNow(connection)).isEqualTo(PollOutcome.COMPLETED);

        List<FakeClover.Request> requests = clover.requests("M429");
        assertThat(requests).extracting(FakeClover.Request::status).containsExactly(429, 200);
        assertThat(Duration.ofNanos(requests.get(1).receivedNanos() - requests.get(0).receivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(changes(tenant)).hasSize(6);
        assertThat(state(connection).pollCount()).isEqualTo(1);
    }

    @Test
    void shouldReReadFromTheOldStateWhenAPollDiesBetweenPages() {
        String tenant = newTenant();
        String connection = connection(tenant, "MCRASH", "tok-crash");
        clover.items("MCRASH", "I", 250, OLD).failOnceAtOffset("MCRASH", 100);

        assertThat(pollNow(connection)).isEqualTo(PollOutcome.FAILED);

        MerchantState failed = state(connection);
        assertThat(failed.lastSyncTime()).isNull();
        assertThat(failed.pollCount()).isZero();
        assertThat(failed.consecutiveFailures()).isEqualTo(1);
        assertThat(failed.lastError()).contains("500");
        assertThat(failed.leaseOwner()).isNull();
        assertThat(changes(tenant)).hasSize(300); // the first page was published before the failure
        clover.reset();

        assertThat(pollNow(connection)).isEqualTo(PollOutcome.COMPLETED);

        assertThat(clover.requests("MCRASH")).extracting(FakeClover.Request::offset).containsExactly(0, 100, 200);
        assertThat(clover.requests("MCRASH")).allSatisfy(r -> assertThat(r.query()).containsEntry("filter", "modifiedTime>=0"));
        List<CatalogChange> all = changes(tenant);
        assertThat(all).hasSize(300 + 750);
        Set<String> ids = all.stream().map(CatalogChange::getChangeId).collect(Collectors.toSet());
        assertThat(ids).hasSize(750); // the re-read page carries the same change ids: sync-service deduplicates
        assertThat(state(connection).pollCount()).isEqualTo(1);
        assertThat(state(connection).consecutiveFailures()).isZero();
    }

    @Test
    void shouldLetAnotherReplicaTakeOverOnlyAfterADeadReplicasLeaseExpired() {
        String tenant = newTenant();
        String connection = connection(tenant, "MLEASE", "tok-lease");
        clover.items("MLEASE", "I", 2, OLD);
        store.discover().block();
        ClaimedMerchant dead = store.claim("dead-replica", Duration.ofSeconds(3), connection).block();
        assertThat(dead).isNotNull();

        assertThat(workers.drain(connection)).isEmpty();
        Awaitility.await("lease of the dead replica expires").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> !workers.drain(connection).isEmpty());

        assertThat(state(connection).pollCount()).isEqualTo(1);
        assertThat(clover.requests("MLEASE")).singleElement()
                .satisfies(r -> assertThat(r.query()).containsEntry("filter", "modifiedTime>=0"));
        assertThat(store.complete(dead, "dead-replica", List.of(), false, false, Duration.ofMinutes(5)).block()).isFalse();
        assertThat(state(connection).pollCount()).isEqualTo(1);
    }
}
