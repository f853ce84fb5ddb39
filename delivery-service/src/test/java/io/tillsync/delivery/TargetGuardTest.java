package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetGuardTest {

    private static TargetGuard guard(boolean allowPrivate, boolean allowLoopback, boolean requireHttps) {
        return new TargetGuard(allowPrivate, allowLoopback, requireHttps, TargetGuardTest::resolve, Duration.ofSeconds(1));
    }

    /** Fixed DNS: names of the form a-b-c-d.test resolve to that address; rebinding.test to the metadata address. */
    private static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.equals("rebinding.test")) {
            return new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.169.254")};
        }
        if (host.endsWith(".test")) {
            return new InetAddress[] {InetAddress.getByName(host.substring(0, host.length() - 5).replace('-', '.'))};
        }
        if (host.startsWith("[") || Character.isDigit(host.charAt(0)) || host.contains(":")) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://172.16.0.1/hook",
            "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/",
            "https://100.64.0.1/", "https://224.0.0.1/", "https://[::1]/", "https://[fd00::1]/", "https://[fe80::1]/",
            "https://[::ffff:10.0.0.1]/", "https://10-0-0-5.test/hook", "https://rebinding.test/hook"})
    void shouldRefuseTargetsResolvingToInternalAddresses(String url) {
        assertThat(guard(false, false, false).refusal(url)).isPresent();
    }

    @Test
    void shouldAcceptAPublicHttpsTarget() {
        assertThat(guard(false, false, true).refusal("https://93-184-216-34.test/hook")).isEmpty();
    }

    @Test
    void shouldAllowOnlyLoopbackWhenLoopbackIsAllowed() {
        TargetGuard loopbackOnly = guard(false, true, false);
        assertThat(loopbackOnly.refusal("http://127.0.0.1:8080/hook")).isEmpty();
        assertThat(loopbackOnly.refusal("http://169.254.169.254/")).contains("host 169.254.169.254 resolves to a link-local address");
        assertThat(loopbackOnly.refusal("http://10.0.0.1/")).isPresent();
    }

    @Test
    void shouldAllowEverythingWhenPrivateTargetsAreAllowed() {
        assertThat(guard(true, false, false).refusal("http://10.0.0.1/hook")).isEmpty();
    }

    @Test
    void shouldRequireHttpsWhenConfigured() {
        assertThat(guard(false, false, true).refusal("http://93-184-216-34.test/hook")).contains("https is required");
        assertThat(guard(false, false, false).refusal("http://93-184-216-34.test/hook")).isEmpty();
    }

    @Test
    void shouldRefuseOtherSchemesCredentialsAndUnknownHosts() {
        TargetGuard g = guard(false, false, false);
        assertThat(g.refusal("ftp://93-184-216-34.test/")).isPresent();
        assertThat(g.refusal("https://user:pw@93-184-216-34.test/")).isPresent();
        assertThat(g.refusal("https://nowhere.invalid/")).isPresent();
        assertThat(g.refusal("not a url")).isPresent();
    }
}
