package io.tillsync.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.tillsync.intake.config.IntakeProperties;
import io.tillsync.intake.store.IntakeConnectionRepository;
import io.tillsync.kit.db.ChangeNotifications;
import io.tillsync.kit.security.SecretBox;
import io.tillsync.testsupport.StackTest;
import io.tillsync.testsupport.TestStack;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;

/** The connection cache against the real Postgres, including Postgres going away. */
@StackTest
class ConnectionDirectoryTest {

    private final SecretBox box = SecretBox.fromBase64("dGlsbHN5bmMtZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM=");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final String tenant = Fixtures.tenant();
    private ConnectionPool pool;
    private ConnectionDirectory directory;

    @BeforeEach
    void setUp() {
        Fixtures.migrateSync();
        TestStack.Database db = TestStack.start().database();
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(
                db.r2dbcUrl().replace("r2dbc:postgresql://", "r2dbc:postgresql://" + db.user() + "@"))).maxSize(2).build());
        pool.warmup().block();
        IntakeProperties properties = new IntakeProperties(1 << 20, Duration.ofSeconds(5), 100,
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(5));
        directory = new ConnectionDirectory(new IntakeConnectionRepository(DatabaseClient.create(pool)), box, properties, ticker);
    }

    @AfterEach
    void tearDown() {
        pool.dispose();
    }

    @Test
    void shouldKeepVerifyingKnownConnectionsWhilePostgresIsDown() {
        String id = Fixtures.connection(box, tenant, "shopify", "s3cret");
        ConnectionRef ref = ConnectionRef.of(tenant, "shopify", id);
        StepVerifier.create(directory.resolve(ref)).assertNext(c -> assertThat(c.secret()).isEqualTo("s3cret")).verifyComplete();

        pool.dispose(); // Postgres unreachable from now on
        nanos.addAndGet(Duration.ofMinutes(5).toNanos()); // well past the refresh age: every read now tries Postgres

        for (int i = 0; i < 3; i++) {
            StepVerifier.create(directory.resolve(ref)).assertNext(c -> assertThat(c.id()).isEqualTo(id)).verifyComplete();
        }
        StepVerifier.create(directory.resolve(ConnectionRef.oldestActive(tenant, "shopify")))
                .expectError(ConnectionDirectory.StoreUnavailableException.class).verify();
    }

    @Test
    void shouldPickUpASecretChangeAfterTheRefreshAge() {
        String id = Fixtures.connection(box, tenant, "toast", "old-secret");
        ConnectionRef ref = ConnectionRef.of(tenant, "toast", id);
        StepVerifier.create(directory.resolve(ref)).assertNext(c -> assertThat(c.secret()).isEqualTo("old-secret")).verifyComplete();

        Fixtures.execute("UPDATE sync.connection SET webhook_secret_enc = ? WHERE id = ?", box.encrypt("new-secret"), id);
        StepVerifier.create(directory.resolve(ref)).assertNext(c -> assertThat(c.secret()).isEqualTo("old-secret")).verifyComplete();

        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        await().atMost(Duration.ofSeconds(10)).until(() -> "new-secret".equals(directory.resolve(ref).block().secret()));
    }

    @Test
    void shouldForgetAnUnknownConnectionSoonSoANewOneIsFound() {
        ConnectionRef ref = ConnectionRef.oldestActive(tenant, "square");
        StepVerifier.create(directory.resolve(ref)).verifyComplete();

        String id = Fixtures.connection(box, tenant, "square", "key");
        StepVerifier.create(directory.resolve(ref)).verifyComplete(); // still remembered as unknown
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        StepVerifier.create(directory.resolve(ref)).assertNext(c -> assertThat(c.id()).isEqualTo(id)).verifyComplete();
    }

    @Test
    void shouldDropACachedConnectionWithinOneSecondWhenPostgresAnnouncesItsChange() {
        ChangeNotifications notifications = new ChangeNotifications(pool, Duration.ofSeconds(1));
        directory.followChanges(notifications);
        notifications.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(notifications::listening);
            String id = Fixtures.connection(box, tenant, "shopify", "s3cret");
            ConnectionRef ref = ConnectionRef.of(tenant, "shopify", id);
            StepVerifier.create(directory.resolve(ref)).expectNextCount(1).verifyComplete();

            Fixtures.execute("UPDATE sync.connection SET status = 'disabled' WHERE id = ?", id);

            // the ticker stands still: only the notification can make the cache read Postgres again
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> directory.resolve(ref).blockOptional().isEmpty());
        } finally {
            notifications.stop();
        }
    }

    @Test
    void shouldTreatADisabledConnectionAsUnknown() {
        String id = Fixtures.connection(box, tenant, "clover", "code", null, null, null, "disabled", java.time.Instant.now());
        StepVerifier.create(directory.resolve(ConnectionRef.of(tenant, "clover", id))).verifyComplete();
    }
}
