package dev.prodguard.config;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What kind of place a host points at. {@link #of} judges a spelling without any look-up: IP
 * literals in every form a resolver accepts ({@link IpLiteral}) and names that are local by
 * convention; {@link #ofAddress} judges a resolved address. Constants are ordered from the most
 * local to {@link #PUBLIC}.
 */
public enum HostClass {
    /** localhost and its spellings, 127.0.0.0/8, ::1 */
    LOOPBACK("a loopback address (this machine), whose data goes with the machine"),
    /** 0.0.0.0/8, :: (connects to this machine) */
    UNSPECIFIED("the unspecified address, which reaches this machine"),
    /** the cloud instance metadata service: 169.254.169.254, fd00:ec2::254 */
    METADATA("the cloud metadata service address, never a database"),
    /** 169.254.0.0/16, fe80::/10 */
    LINK_LOCAL("a link-local address (169.254.0.0/16, fe80::/10), never a stable database"),
    /** 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7, fec0::/10 */
    PRIVATE("a private-network address (typically a local or container database)"),
    /** .local, .internal, .lan, .localdomain, .home.arpa names and container host names */
    LOCAL_NAME("a local-network or container host name (.local, .internal, .lan, .localdomain, .home.arpa,"
            + " host.docker.internal)"),
    /** a name without a dot, such as a container or compose service ("mongo", "db") */
    SINGLE_LABEL("a single-label name such as a container or compose service"),
    /** anything else: a public address, or a fully qualified name (whose addresses still need judging) */
    PUBLIC("a public address");

    private static final List<String> LOCAL_SUFFIXES =
            List.of(".local", ".internal", ".lan", ".localdomain", ".home.arpa");
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "ip6-localhost", "ip6-loopback",
            "localhost6", "localhost.localdomain", "localhost6.localdomain6", "localhost4", "localhost4.localdomain4");

    private final String meaning;

    HostClass(String meaning) {
        this.meaning = meaning;
    }

    /** What this class means, for messages ("a loopback address (this machine), ..."). */
    public String meaning() {
        return meaning;
    }

    /** True for every class but {@link #PUBLIC}. */
    public boolean local() {
        return this != PUBLIC;
    }

    /** Judges a spelling without any look-up; a fully qualified name that is not local by convention is PUBLIC. */
    public static HostClass of(String host) {
        List<InetAddress> literal = IpLiteral.addresses(host);
        if (!literal.isEmpty()) {
            return mostLocal(literal.stream().map(HostClass::ofAddress).toList());
        }
        String h = IpLiteral.normalise(host);
        if (LOOPBACK_NAMES.contains(h) || h.endsWith(".localhost")) {
            return LOOPBACK;
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (h.endsWith(suffix) || h.equals(suffix.substring(1))) {
                return LOCAL_NAME;
            }
        }
        if (!h.contains(".")) {
            return SINGLE_LABEL;
        }
        return PUBLIC;
    }

    /** Whether {@code of(host)} came from an IP literal (no look-up can change the verdict). */
    public static boolean isLiteral(String host) {
        return !IpLiteral.addresses(host).isEmpty();
    }

    /** Judges one address, looking through IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4). */
    public static HostClass ofAddress(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? ofV4(b) : ofV6(b);
    }

    /** The most local of several classes (PUBLIC when empty). */
    public static HostClass mostLocal(Collection<HostClass> classes) {
        return classes.stream().min(Enum::compareTo).orElse(PUBLIC);
    }

    private static HostClass ofV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 0) {
            return UNSPECIFIED;
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            return a2 == 169 && a3 == 254 ? METADATA : LINK_LOCAL;
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)
                || (a0 == 100 && a1 >= 64 && a1 <= 127)) {
            return PRIVATE;
        }
        return PUBLIC;
    }

    private static HostClass ofV6(byte[] b) {
        boolean zero12 = true;
        for (int i = 0; i < 12; i++) {
            zero12 &= b[i] == 0;
        }
        if (zero12) { // ::, ::1, and IPv4-compatible ::a.b.c.d
            int last = ((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff);
            if (last == 0) {
                return UNSPECIFIED;
            }
            if (last == 1) {
                return LOOPBACK;
            }
            return ofV4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        if (mapped || nat64) {
            return ofV4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0x20 && b[1] == 0x02) { // 6to4: 2002:aabb:ccdd::/48 carries a.b.c.d
            HostClass inner = ofV4(new byte[] {b[2], b[3], b[4], b[5]});
            if (inner != PUBLIC) {
                return inner;
            }
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((first & 0xfe) == 0xfc) {
            return isEc2Metadata(b) ? METADATA : PRIVATE;
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return PRIVATE; // deprecated site-local fec0::/10
        }
        return PUBLIC;
    }

    private static boolean isEc2Metadata(byte[] b) {
        byte[] ec2 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return java.util.Arrays.equals(b, ec2);
    }
}
