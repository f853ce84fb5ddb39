package io.tillsync.platforms.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which hosts and addresses an outbound call may connect to. Refused: loopback, private (RFC 1918, ULA), link-local,
 * CGNAT, multicast, unspecified, broadcast, documentation, benchmarking and reserved ranges, IPv6 forms that carry an
 * IPv4 address to somewhere else (IPv4-compatible, NAT64, 6to4, Teredo), the cloud metadata addresses and names, and
 * {@code localhost} names. With {@code allowPrivateTargets} (local development and tests only) loopback, RFC 1918,
 * ULA, CGNAT, {@code localhost} and other {@code .internal} names are allowed; cloud metadata never is. A narrower
 * {@code allowLoopback} allows loopback only (tests with a local receiver).
 *
 * <p>Host spellings are read the way {@code inet_aton} reads them (decimal {@code 2130706433}, octal
 * {@code 0177.0.0.1}, hex {@code 0x7f.0.0.1}, short {@code 127.1}, bracketed IPv6): a literal is its address and
 * never goes to DNS. A refusal is a short category ("loopback", "private", "metadata", ...) for logs.
 */
public final class AddressPolicy {

    /** The message of the permanent failure for a name that does not resolve. */
    static final String DOES_NOT_RESOLVE = "host does not resolve";

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data");

    private final boolean allowPrivateTargets;
    private final boolean allowLoopback;

    /** @param allowPrivateTargets loopback, RFC 1918, ULA, CGNAT and localhost names allowed */
    public AddressPolicy(boolean allowPrivateTargets) {
        this(allowPrivateTargets, false);
    }

    /**
     * @param allowPrivateTargets loopback, RFC 1918, ULA, CGNAT and localhost names allowed
     * @param allowLoopback       loopback addresses and localhost names allowed (a subset of the above)
     */
    public AddressPolicy(boolean allowPrivateTargets, boolean allowLoopback) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.allowLoopback = allowLoopback || allowPrivateTargets;
    }

    public boolean allowPrivateTargets() {
        return allowPrivateTargets;
    }

    /**
     * The host's addresses, each allowed: a literal is parsed, a name is checked and then resolved once through
     * {@code resolver}. Fails with {@link TargetNotAllowedException} when the name or any address is refused, with a
     * permanent {@link PlatformCallException} when the name does not resolve.
     */
    public List<InetAddress> resolve(String host, HostResolver resolver) {
        String name = normalize(host);
        Optional<InetAddress> literal;
        try {
            literal = literal(name);
        } catch (UnknownHostException malformed) {
            throw refused("invalid-address");
        }
        List<InetAddress> addresses;
        if (literal.isPresent()) {
            addresses = List.of(literal.get());
        } else {
            refusalOfName(name).ifPresent(reason -> {
                throw refused(reason);
            });
            try {
                addresses = List.copyOf(resolver.resolve(name));
            } catch (UnknownHostException e) {
                throw new PlatformCallException(DOES_NOT_RESOLVE, false, 0);
            }
            if (addresses.isEmpty()) {
                throw new PlatformCallException(DOES_NOT_RESOLVE, false, 0);
            }
        }
        for (InetAddress address : addresses) {
            refusal(address).ifPresent(reason -> {
                throw refused(reason);
            });
        }
        return addresses;
    }

    /** A refusal category as a phrase for messages: the category only, never the host or the address. */
    public static String describe(String reason) {
        return switch (reason) {
            case "scheme" -> "only http and https URLs";
            case "credentials" -> "the URL carries credentials";
            case "invalid-url" -> "the URL is not usable";
            case "invalid-address" -> "the host is not a valid address";
            case "metadata" -> "the host is a cloud metadata target";
            case "internal-name", "not-allowed" -> "the host is not allowed";
            default -> "the host is a " + reason + " address";
        };
    }

    private static TargetNotAllowedException refused(String reason) {
        return new TargetNotAllowedException("target refused: " + reason, reason);
    }

    /** Why a host name (not a literal) may not be used, or empty. */
    public Optional<String> refusalOfName(String host) {
        String name = normalize(host);
        if (name.isEmpty()) {
            return Optional.of("invalid-address");
        }
        if (METADATA_NAMES.contains(name)) {
            return Optional.of("metadata");
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return allowLoopback ? Optional.empty() : Optional.of("loopback");
        }
        if (name.endsWith(".internal")) {
            return allowPrivateTargets ? Optional.empty() : Optional.of("internal-name");
        }
        return Optional.empty();
    }

    /** Why an address may not be connected to, or empty. */
    public Optional<String> refusal(InetAddress address) {
        String category = category(address);
        if (category == null) {
            return Optional.empty();
        }
        boolean allowed = switch (category) {
            case "loopback" -> allowLoopback;
            case "private", "cgnat" -> allowPrivateTargets;
            default -> false;
        };
        return allowed ? Optional.empty() : Optional.of(category);
    }

    /** The special range an address falls in, or null for an ordinary public unicast address. */
    static String category(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return category4(b, 0);
        }
        if (address instanceof Inet6Address) {
            return category6(b);
        }
        return "invalid-address";
    }

    private static String category4(byte[] b, int at) {
        int a0 = b[at] & 0xff;
        int a1 = b[at + 1] & 0xff;
        int a2 = b[at + 2] & 0xff;
        int a3 = b[at + 3] & 0xff;
        if (a0 == 0) {
            return "unspecified";
        }
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return "private";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "cgnat";
        }
        if (a0 == 169 && a1 == 254) {
            return a2 == 169 && a3 == 254 ? "metadata" : "link-local";
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return "reserved";
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return "documentation";
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return "benchmarking";
        }
        if ((a0 & 0xf0) == 224) {
            return "multicast";
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return "broadcast";
        }
        if ((a0 & 0xf0) == 240) {
            return "reserved";
        }
        return null;
    }

    private static String category6(byte[] b) {
        if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return category4(b, 12); // IPv4-mapped: the embedded address decides
        }
        if (zeros(b, 0, 12)) {
            if (zeros(b, 12, 15)) {
                return b[15] == 0 ? "unspecified" : b[15] == 1 ? "loopback" : "ipv4-compatible";
            }
            return "ipv4-compatible"; // deprecated; refused whatever it embeds
        }
        int w0 = word(b, 0);
        int w1 = word(b, 2);
        if (w0 == 0x0064 && w1 == 0xff9b) {
            return "nat64";
        }
        if (w0 == 0x2002) {
            return "6to4";
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return "documentation";
        }
        if (w0 == 0x2001 && w1 == 0) {
            return "teredo";
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2 && zeros(b, 4, 14) && word(b, 14) == 0x0254) {
            return "metadata";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "private";
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return "link-local";
        }
        if ((w0 & 0xffc0) == 0xfec0) {
            return "reserved"; // deprecated site-local
        }
        if ((b[0] & 0xff) == 0xff) {
            return "multicast";
        }
        if (w0 == 0x0100 && zeros(b, 2, 8)) {
            return "reserved"; // discard-only 100::/64
        }
        return null;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    /** Lower case, without IPv6 brackets and without the trailing dot of a fully qualified name. */
    static String normalize(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            return h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /**
     * The address a host spells literally, or empty for a name. IPv4 is read as {@code inet_aton} reads it (one to
     * four parts, each decimal, octal with a leading 0 or hex with 0x, the last filling the remaining bytes); a
     * host made only of such parts that is out of range is malformed, not a name.
     */
    public static Optional<InetAddress> literal(String host) throws UnknownHostException {
        String h = normalize(host);
        if (h.indexOf(':') >= 0) {
            return Optional.of(InetAddress.getByName("[" + h + "]")); // bracketed: parsed, never looked up
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length == 0 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (!p.matches("0[xX][0-9a-fA-F]*|[0-9]+")) {
                return Optional.empty();
            }
            values[i] = parsePart(p);
        }
        long value = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xff) {
                throw new UnknownHostException("malformed address");
            }
            value |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (4 - (values.length - 1)))) {
            throw new UnknownHostException("malformed address");
        }
        value |= last;
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return Optional.of(InetAddress.getByAddress(bytes));
    }

    private static long parsePart(String p) throws UnknownHostException {
        try {
            String digits;
            int radix;
            if (p.startsWith("0x") || p.startsWith("0X")) {
                digits = p.substring(2);
                radix = 16;
            } else if (p.length() > 1 && p.startsWith("0")) {
                digits = p.substring(1);
                radix = 8;
            } else {
                digits = p;
                radix = 10;
            }
            if (digits.isEmpty()) {
                return 0;
            }
            if (digits.length() > 12) {
                throw new UnknownHostException("malformed address");
            }
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new UnknownHostException("malformed address"); // an 8 or 9 in an octal part
        }
    }
}
