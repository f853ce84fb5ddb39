package io.tillsync.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillsync.platforms.http.AddressPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The save-time check of endpoint URLs; the ranges themselves are pinned in platforms' AddressPolicyTest. */
class TargetGuardTest {

    private static TargetGuard guard(boolean allowPrivate, boolean allowLoopback, boolean requireHttps) {
        return new TargetGuard(new AddressPolicy(allowPrivate, allowLoopback), TargetGuardTest::resolve, requireHttps);
    }

    /** Fixed DNS: names of the form a-b-c-d.test resolve to that address; rebinding.test also to the metadata one. */
    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        if (host.equals("rebinding.test")) {
            return List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("169.254.169.254"));
        }
        if (host.endsWith(".test")) {
            return List.of(InetAddress.getByName(host.substring(0, host.length() - 5).replace('-', '.')));
        }
        throw new UnknownHostException(host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://172.16.0.1/hook",
            "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/",
            "https://100.64.0.1/", "https://224.0.0.1/", "https://[::1]/", "https://[fd00::1]/", "https://[fe80::1]/",
            "https://[::ffff:10.0.0.1]/", "https://10-0-0-5.test/hook", "https://rebinding.test/hook",
            "https://2130706433/hook", "https://0x7f.1/hook", "https://localhost/hook",
            "https://metadata.google.internal/computeMetadata/v1/"})
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
        assertThat(loopbackOnly.refusal("http://169.254.169.254/")).contains("the host is a cloud metadata target");
        assertThat(loopbackOnly.refusal("http://10.0.0.1/")).contains("the host is a private address");
    }

    @Test
    void shouldAllowPrivateTargetsButNeverMetadataWhenPrivateTargetsAreAllowed() {
        assertThat(guard(true, false, false).refusal("http://10.0.0.1/hook")).isEmpty();
        assertThat(guard(true, false, false).refusal("http://169.254.169.254/")).isPresent();
    }

    @Test
    void shouldRequireHttpsWhenConfigured() {
        assertThat(guard(false, false, true).refusal("http://93-184-216-34.test/hook")).contains("https is required");
        assertThat(guard(false, false, true).urlRefusal("http://93-184-216-34.test/hook")).contains("https is required");
        assertThat(guard(false, false, false).refusal("http://93-184-216-34.test/hook")).isEmpty();
    }

    @Test
    void shouldRefuseOtherSchemesCredentialsAndUnknownHosts() {
        TargetGuard g = guard(false, false, false);
        assertThat(g.refusal("ftp://93-184-216-34.test/")).isPresent();
        assertThat(g.refusal("https://user:pw@93-184-216-34.test/")).isPresent();
        assertThat(g.refusal("https://nowhere.invalid/")).contains("the host does not resolve");
        assertThat(g.refusal("not a url")).isPresent();
    }

    @Test
    void shouldNotNameTheAddressInARefusal() {
        assertThat(guard(false, false, false).refusal("https://10-0-0-5.test/hook").orElseThrow())
                .doesNotContain("10.0.0.5").doesNotContain("10-0-0-5");
    }
}
