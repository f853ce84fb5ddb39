package io.tillsync.platforms.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every refused range and host spelling, with private targets off and on. Columns: host as written in a URL, the
 * refusal with private targets off, the refusal with them on ("-" for allowed).
 */
class AddressPolicyTest {

    private final List<String> lookedUp = new ArrayList<>();

    /** Fixed DNS: a-b-c-d.test resolves to a.b.c.d; anything else is unknown. Records every name it is asked. */
    private List<InetAddress> resolve(String host) throws UnknownHostException {
        lookedUp.add(host);
        if (host.endsWith(".test")) {
            return List.of(InetAddress.getByName(host.substring(0, host.length() - 5).replace('-', '.')));
        }
        if (host.equals("build.internal")) {
            return List.of(InetAddress.getByName("10.0.0.7"));
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return List.of(InetAddress.getByName("127.0.0.1"));
        }
        throw new UnknownHostException(host);
    }

    private Optional<String> refusal(boolean allowPrivate, String host) {
        try {
            new AddressPolicy(allowPrivate).resolve(host, this::resolve);
            return Optional.empty();
        } catch (TargetNotAllowedException e) {
            return Optional.of(e.reason());
        }
    }

    @ParameterizedTest(name = "{0}: {1} / with private targets {2}")
    @CsvSource({
            // loopback, every inet_aton spelling
            "127.0.0.1, loopback, -",
            "127.9.8.7, loopback, -",
            "2130706433, loopback, -",
            "0177.0.0.1, loopback, -",
            "0x7f.0.0.1, loopback, -",
            "0x7f000001, loopback, -",
            "127.1, loopback, -",
            "127.0.1, loopback, -",
            "127.0.0.1., loopback, -",
            "[::1], loopback, -",
            "[0:0:0:0:0:0:0:1], loopback, -",
            "localhost, loopback, -",
            "LOCALHOST., loopback, -",
            "app.localhost, loopback, -",
            // private, CGNAT, ULA
            "10.0.0.1, private, -",
            "012.0.0.1, private, -",
            "167772161, private, -",
            "172.16.0.1, private, -",
            "172.31.255.255, private, -",
            "192.168.1.1, private, -",
            "100.64.0.1, cgnat, -",
            "100.127.255.255, cgnat, -",
            "[fc00::1], private, -",
            "[fd12:3456::1], private, -",
            "10-1-2-3.test, private, -",
            // never allowed
            "169.254.169.254, metadata, metadata",
            "0xa9fea9fe, metadata, metadata",
            "[fd00:ec2::254], metadata, metadata",
            "metadata.google.internal, metadata, metadata",
            "metadata.google.internal., metadata, metadata",
            "metadata.goog, metadata, metadata",
            "metadata, metadata, metadata",
            "instance-data, metadata, metadata",
            "169.254.1.1, link-local, link-local",
            "[fe80::1], link-local, link-local",
            "0.0.0.0, unspecified, unspecified",
            "0, unspecified, unspecified",
            "0.1.2.3, unspecified, unspecified",
            "[::], unspecified, unspecified",
            "224.0.0.1, multicast, multicast",
            "239.255.255.250, multicast, multicast",
            "[ff02::1], multicast, multicast",
            "255.255.255.255, broadcast, broadcast",
            "240.0.0.1, reserved, reserved",
            "192.0.0.8, reserved, reserved",
            "192.0.2.1, documentation, documentation",
            "198.51.100.7, documentation, documentation",
            "203.0.113.9, documentation, documentation",
            "[2001:db8::1], documentation, documentation",
            "198.18.0.1, benchmarking, benchmarking",
            "198.19.255.255, benchmarking, benchmarking",
            "[64:ff9b::7f00:1], nat64, nat64",
            "[64:ff9b::5db8:d822], nat64, nat64",
            "[2002:7f00:1::1], 6to4, 6to4",
            "[2001::1], teredo, teredo",
            "[::ffff:169.254.169.254], metadata, metadata",
            "[::127.0.0.1], ipv4-compatible, ipv4-compatible",
            "[::10.0.0.1], ipv4-compatible, ipv4-compatible",
            "[::93.184.216.34], ipv4-compatible, ipv4-compatible",
            "[::ffff:127.0.0.1], loopback, -",
            "[::ffff:10.0.0.1], private, -",
            "[::ffff:7f00:1], loopback, -",
            "999.1.1.1, invalid-address, invalid-address",
            "0x1ffffffff, invalid-address, invalid-address",
            "09.1.1.1, invalid-address, invalid-address",
            "build.internal, internal-name, -",
            // public: allowed either way
            "93.184.216.34, -, -",
            "1572395042, -, -",
            "[2606:2800:220:1:248:1893:25c8:1946], -, -",
            "[::ffff:93.184.216.34], -, -",
            "93-184-216-34.test, -, -",
            "172.32.0.1, -, -",
            "100.128.0.1, -, -",
            "198.20.0.1, -, -",
    })
    void shouldRefuseEveryInternalRangeAndSpelling(String host, String refusedWithout, String refusedWith) {
        assertThat(refusal(false, host)).isEqualTo(expected(refusedWithout));
        assertThat(refusal(true, host)).isEqualTo(expected(refusedWith));
    }

    private static Optional<String> expected(String column) {
        return column.equals("-") ? Optional.empty() : Optional.of(column);
    }

    @Test
    void shouldNeverSendALiteralToDns() {
        for (String host : List.of("2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "[::1]", "999.1.1.1",
                "93.184.216.34")) {
            refusal(false, host);
        }
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void shouldRefuseByNameBeforeLookingUp() {
        assertThat(refusal(true, "metadata.google.internal")).contains("metadata");
        assertThat(refusal(false, "localhost")).contains("loopback");
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void shouldRefuseWhenAnyResolvedAddressIsRefused() {
        HostResolver split = host -> List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("169.254.169.254"));
        assertThatThrownBy(() -> new AddressPolicy(true).resolve("rebinding.test", split))
                .isInstanceOfSatisfying(TargetNotAllowedException.class,
                        e -> assertThat(e.reason()).isEqualTo("metadata"));
    }

    @Test
    void shouldAnswerAPermanentFailureForAHostThatDoesNotResolve() {
        assertThatThrownBy(() -> new AddressPolicy(false).resolve("nowhere.invalid", this::resolve))
                .isExactlyInstanceOf(PlatformCallException.class)
                .satisfies(e -> assertThat(((PlatformCallException) e).transientFailure()).isFalse());
    }

    @Test
    void shouldAllowOnlyLoopbackInLoopbackMode() {
        AddressPolicy loopbackOnly = new AddressPolicy(false, true);
        AtomicInteger calls = new AtomicInteger();
        HostResolver counting = host -> {
            calls.incrementAndGet();
            return resolve(host);
        };
        assertThat(loopbackOnly.resolve("127.0.0.1", counting)).hasSize(1);
        assertThat(loopbackOnly.resolve("localhost", counting)).hasSize(1);
        assertThatThrownBy(() -> loopbackOnly.resolve("10.0.0.1", counting))
                .isInstanceOf(TargetNotAllowedException.class);
        assertThatThrownBy(() -> loopbackOnly.resolve("169.254.169.254", counting))
                .isInstanceOf(TargetNotAllowedException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldConnectToTheParsedAddressOfALiteral() throws Exception {
        assertThat(new AddressPolicy(true).resolve("0x7f.1", this::resolve))
                .containsExactly(InetAddress.getByName("127.0.0.1"));
    }
}
