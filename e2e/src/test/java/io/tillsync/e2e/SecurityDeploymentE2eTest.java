package io.tillsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the stack is deployed, checked on the real stack (docs/security.md): start-up refuses missing or public keys
 * outside development mode; stored secrets are bound to their row and re-encrypted on the operator's command; each
 * service connects as a role that owns only its schema (intake reads one view); actuator, health details and the
 * operator routes answer on the loopback management port only, and intake's public port serves webhooks only.
 */
class SecurityDeploymentE2eTest {

    /** The repository's development key (service-kit), which must never protect real secrets. */
    private static final String DEV_SECRET_KEY = "dGlsbHN5bmMtZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM=";

    private static E2eStack stack;

    @BeforeAll
    static void stack() {
        stack = E2eStack.get();
    }

    @Test
    void shouldServeOnlyWebhooksOnIntakesPublicPortAndActuatorOnTheManagementPort() {
        String intake = stack.url("intake-service");
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus", "/openapi",
                "/swagger-ui/index.html")) {
            assertThat(Http.send("GET", intake + path, Map.of(), null).status()).as("public GET " + path).isEqualTo(404);
        }
        Http.Response replay = Http.operator("POST", intake + "/api/ops/dlt/webhooks.inbound/replay?max=1", null);
        assertThat(replay.status()).as("operator route on the public port, even with the operator key").isEqualTo(404);

        Http.Response health = Http.send("GET", stack.managementUrl("intake-service") + "/actuator/health", Map.of(), null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("components").has("kafka")).as("details on the management port").isTrue();
        assertThat(Http.operator("POST", stack.managementUrl("intake-service") + "/api/ops/dlt/webhooks.inbound/replay?max=1",
                null).status()).as("operator route on the management port").isEqualTo(200);
    }

    @Test
    void shouldKeepActuatorAndOperatorRoutesOffEveryServicesPublicPort() {
        for (String service : List.of("sync-service", "delivery-service", "poller-service")) {
            String url = stack.url(service);
            assertThat(Http.send("GET", url + "/actuator/health", Map.of(), null).status()).as(service).isEqualTo(404);
            assertThat(Http.send("GET", url + "/actuator/prometheus", Map.of(), null).status()).as(service).isEqualTo(404);
            assertThat(Http.operator("POST", url + "/api/ops/dlt/ops.alerts/replay?max=1", null).status())
                    .as(service + " dead-letter replay on the public port").isEqualTo(404);
            assertThat(Http.send("GET", stack.managementUrl(service) + "/actuator/prometheus", Map.of(), null).status())
                    .as(service + " metrics on the management port").isEqualTo(200);
        }
        Http.Response tenantKeyOnManagement = Http.as("tsk_not-a-key", "POST",
                stack.managementUrl("sync-service") + "/api/operator/secrets/reencrypt", null);
        assertThat(tenantKeyOnManagement.status()).as("the management port still checks keys").isEqualTo(401);
    }

    @Test
    void shouldConnectEachServiceAsItsOwnRoleThatOwnsOnlyItsSchema() throws Exception {
        // intake connects when its connection directory refreshes (every 30 s) or looks a connection up
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(new Tenant(stack).strings("SELECT DISTINCT usename::text FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
                        .contains("tillsync_intake", "tillsync_sync", "tillsync_delivery", "tillsync_poller")
                        .doesNotContain("postgres"));
        assertThat(new Tenant(stack).strings("SELECT nspname || ':' || pg_get_userbyid(nspowner) FROM pg_namespace "
                + "WHERE nspname IN ('sync', 'auth', 'delivery', 'poller') ORDER BY 1"))
                .containsExactly("auth:tillsync_sync", "delivery:tillsync_delivery", "poller:tillsync_poller", "sync:tillsync_sync");

        try (Connection intake = as("tillsync_intake"); Statement s = intake.createStatement()) {
            s.executeQuery("SELECT count(*) FROM sync.intake_connection").close();
            assertRefused(s, "SELECT count(*) FROM sync.connection");
            assertRefused(s, "SELECT count(*) FROM delivery.endpoint");
            assertRefused(s, "SELECT count(*) FROM auth.api_key");
            assertRefused(s, "DROP SCHEMA sync CASCADE");
            assertRefused(s, "CREATE TABLE public.intake_was_here (x int)");
        }
        try (Connection poller = as("tillsync_poller"); Statement s = poller.createStatement()) {
            s.executeQuery("SELECT count(*) FROM sync.poller_connection").close();
            assertRefused(s, "SELECT count(*) FROM sync.connection");
            assertRefused(s, "DELETE FROM auth.api_key");
            assertRefused(s, "SELECT count(*) FROM delivery.endpoint");
        }
        try (Connection delivery = as("tillsync_delivery"); Statement s = delivery.createStatement()) {
            s.executeQuery("SELECT count(*) FROM auth.api_key").close();
            assertRefused(s, "SELECT count(*) FROM sync.intake_connection");
            assertRefused(s, "DROP TABLE poller.clover_merchant");
        }
    }

    @Test
    void shouldRefuseToStartOutsideDevelopmentModeWithoutRealKeysInOneLine() throws Exception {
        String realKey = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');
        try (E2eStack.Replica missing = stack.launchReplica("intake-service", "no-keys",
                     Map.of("TILLSYNC_DEV_MODE", "", "OPERATOR_API_KEY", "", "TILLSYNC_SECRET_KEY", ""));
             E2eStack.Replica development = stack.launchReplica("delivery-service", "dev-keys",
                     Map.of("TILLSYNC_DEV_MODE", "false", "OPERATOR_API_KEY", "a-long-enough-operator-key",
                             "TILLSYNC_SECRET_KEY", DEV_SECRET_KEY));
             E2eStack.Replica devOperator = stack.launchReplica("poller-service", "dev-operator",
                     Map.of("TILLSYNC_DEV_MODE", "false", "OPERATOR_API_KEY", "local-operator-key",
                             "TILLSYNC_SECRET_KEY", realKey))) {
            assertRefusal(missing, " is not set"); // TILLSYNC_SECRET_KEY or OPERATOR_API_KEY, whichever is checked first
            assertRefusal(development, "TILLSYNC_SECRET_KEY is the public development key");
            assertRefusal(devOperator, "OPERATOR_API_KEY is the public development value");
        }
    }

    @Test
    void shouldBindStoredSecretsToTheirRowAndReencryptOldFormatsOnCommand() throws Exception {
        Tenant tenant = new Tenant(stack);
        String a = tenant.connect("toast", "rest-a", Map.of());
        String b = tenant.connect("toast", "rest-b", Map.of());
        String stored = (String) tenant.query("SELECT webhook_secret_enc FROM sync.connection WHERE id = ?", a);
        assertThat(stored).startsWith("v2:").doesNotContain(tenant.secrets.get("toast"));
        assertThat(Http.operator("POST", stack.managementUrl("sync-service") + "/api/operator/secrets/reencrypt", null)
                .json().path("failed").toString()).as("before the move").doesNotContain(b);
        // a value moved to another row (as a database writer could) no longer opens there
        tenant.query("UPDATE sync.connection SET webhook_secret_enc = ? WHERE id = ? RETURNING id", stored, b);
        // a value of the first format (no key id, no binding), as stored before: still opens, and is migrated
        String legacy = legacyV1(Base64.getDecoder().decode(DEV_SECRET_KEY), "toast-secret-from-before");
        tenant.query("UPDATE sync.connection SET api_token_enc = ? WHERE id = ? RETURNING id", legacy, a);

        Http.Response run = Http.operator("POST", stack.managementUrl("sync-service") + "/api/operator/secrets/reencrypt", null);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        JsonNode result = run.json();
        assertThat(result.path("failed").toString()).contains("sync.connection/" + b + "/webhook_secret")
                .doesNotContain(a);
        assertThat(result.path("reencrypted").asLong()).isGreaterThanOrEqualTo(1);
        String migrated = (String) tenant.query("SELECT api_token_enc FROM sync.connection WHERE id = ?", a);
        assertThat(migrated).startsWith("v2:" + result.path("activeKeyId").asText() + ":");

        Http.Response again = Http.operator("POST", stack.managementUrl("sync-service") + "/api/operator/secrets/reencrypt", null);
        assertThat(again.json().path("reencrypted").asLong()).as("a second run has nothing left to do").isZero();
        assertThat(Http.operator("POST", stack.url("sync-service") + "/api/operator/secrets/reencrypt", null).status())
                .as("not on the public port").isEqualTo(404);
    }

    private static Connection as(String role) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + stack.database(), role, "");
    }

    private static void assertRefused(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                .hasMessageMatching("(?s).*(permission denied|must be owner).*");
    }

    private static void assertRefusal(E2eStack.Replica replica, String reason) throws Exception {
        assertThat(replica.process().waitFor(300, TimeUnit.SECONDS)).as(reason + ": the process stops").isTrue();
        assertThat(replica.process().exitValue()).isNotZero();
        String log = Files.readString(replica.log());
        assertThat(log).as("one-line reason").contains(reason).contains("APPLICATION FAILED TO START");
        assertThat(log.lines().filter(l -> l.startsWith("\tat ")).count()).as("no stack trace").isZero();
    }

    /** The first stored format: v1:base64(iv || ciphertext+tag) under the key, no associated data. */
    private static String legacyV1(byte[] key, String clear) throws Exception {
        byte[] iv = new byte[12];
        iv[3] = 9;
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
        return "v1:" + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
    }
}
