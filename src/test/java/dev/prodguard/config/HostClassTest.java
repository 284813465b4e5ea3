package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 point 1: hosts are classified by the address a resolver would reach, not by spelling.
 * Expected classes are compared by name so that this test also runs against older builds.
 */
class HostClassTest {
    /** An ASCII name skips IDNA (whose tables cost start-up): the result is the one IDNA gives, on random ASCII names. */
    @org.junit.jupiter.api.Test
    void asciiNamesNormaliseAsIdnaWouldLeaveThem() {
        Random rnd = new Random(20);
        String alphabet = "abcXYZ019-_.~!*";
        for (int i = 0; i < 2000; i++) {
            StringBuilder name = new StringBuilder();
            int len = 1 + rnd.nextInt(i % 10 == 0 ? 90 : 20); // some labels longer than IDNA's 63
            for (int j = 0; j < len; j++) {
                name.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String h = name.toString();
            String viaIdna;
            try {
                viaIdna = java.net.IDN.toASCII(h, java.net.IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                viaIdna = h;
            }
            viaIdna = viaIdna.toLowerCase(Locale.ROOT);
            while (viaIdna.endsWith(".") && viaIdna.length() > 1) {
                viaIdna = viaIdna.substring(0, viaIdna.length() - 1);
            }
            assertThat(IpLiteral.normalise(h)).as(h).isEqualTo(viaIdna);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
        // loopback in every spelling inet_aton and the JDK accept
        "127.1, LOOPBACK", "127.0.1, LOOPBACK", "2130706433, LOOPBACK", "0x7f.1, LOOPBACK", "0X7F.0.0.1, LOOPBACK",
        "0177.0.0.1, LOOPBACK", "0x7f000001, LOOPBACK", "017700000001, LOOPBACK", "127.0.0.1., LOOPBACK",
        "[::ffff:127.0.0.1], LOOPBACK", "[::FFFF:7F00:1], LOOPBACK", "[::127.0.0.1], LOOPBACK", "[0:0:0:0:0:0:0:1], LOOPBACK",
        "[64:ff9b::7f00:1], LOOPBACK", "[2002:7f00:1::], LOOPBACK",
        "localhost., LOOPBACK", "LocalHost, LOOPBACK", "localhost.localdomain, LOOPBACK", "ip6-localhost, LOOPBACK",
        "db.localhost., LOOPBACK", "ｌｏｃａｌｈｏｓｔ, LOOPBACK", "１２７.０.０.１, LOOPBACK",
        // unspecified
        "0.0.0.0, UNSPECIFIED", "0, UNSPECIFIED", "[::], UNSPECIFIED",
        // private, in short and odd forms
        "10.1, PRIVATE", "192.168.1, PRIVATE", "172.16.1, PRIVATE", "0xa.0.0.1, PRIVATE", "012.0.0.1, PRIVATE",
        "010.0.0.1, PRIVATE", "167772161, PRIVATE", "100.64.0.1, PRIVATE", "100.127.255.254, PRIVATE",
        "[fd12:3456::1], PRIVATE", "[FC00::1], PRIVATE", "[::ffff:10.0.0.1], PRIVATE", "[::ffff:192.168.0.1], PRIVATE",
        // link-local and the metadata service
        "169.254.1.1, LINK_LOCAL", "169.254.257, LINK_LOCAL", "[fe80::1%eth0], LINK_LOCAL", "[fe80::1%25eth0], LINK_LOCAL",
        "[FE80::1], LINK_LOCAL", "169.254.169.254, METADATA", "169.254.43518, METADATA", "0xa9fea9fe, METADATA",
        "[::ffff:169.254.169.254], METADATA", "[fd00:ec2::254], METADATA",
        // names that are local by convention
        "host.docker.internal, LOCAL_NAME", "gateway.docker.internal, LOCAL_NAME", "host.containers.internal, LOCAL_NAME",
        "mongo.local, LOCAL_NAME", "Mongo.LOCAL., LOCAL_NAME", "db.lan, LOCAL_NAME", "db.home.arpa, LOCAL_NAME",
        "db.localdomain, LOCAL_NAME", "metadata.google.internal, LOCAL_NAME",
        "mongo, SINGLE_LABEL", "mongo., SINGLE_LABEL", "db, SINGLE_LABEL",
        // public
        "cluster0.abc.mongodb.net, PUBLIC", "8.8.8.8, PUBLIC", "172.32.0.1, PUBLIC", "100.128.0.1, PUBLIC",
        "[2001:4860:4860::8888], PUBLIC", "0x08080808, PUBLIC", "cafe.babe.example, PUBLIC"})
    void classifiesEverySpelling(String host, String expected) {
        assertThat(HostClass.of(host).name()).as(host).isEqualTo(expected);
    }

    /** Random spellings of random addresses of each local range; seeds are fixed so a failure replays. */
    static Stream<Arguments> randomSpellings() {
        List<Arguments> out = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed * 7919);
            for (String kind : List.of("LOOPBACK", "PRIVATE", "LINK_LOCAL", "PUBLIC")) {
                long address = randomAddress(r, kind);
                out.add(Arguments.of(spell(r, address, !kind.equals("PUBLIC")), kind, seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} (seed {2})")
    @MethodSource("randomSpellings")
    void randomSpellingsOfLocalAddressesAreLocal(String spelling, String expected, long seed) {
        assertThat(HostClass.of(spelling).name()).as(spelling).isEqualTo(expected);
    }

    private static long randomAddress(Random r, String kind) {
        long rest = r.nextLong() & 0xffffffffL;
        return switch (kind) {
            case "LOOPBACK" -> (127L << 24) | (rest & 0xffffff);
            case "LINK_LOCAL" -> {
                long a = (169L << 24) | (254L << 16) | (rest & 0xffff);
                yield a == 0xa9fea9feL ? a + 1 : a;
            }
            case "PRIVATE" -> switch (r.nextInt(4)) {
                case 0 -> (10L << 24) | (rest & 0xffffff);
                case 1 -> (172L << 24) | ((16 + r.nextInt(16)) << 16) | (rest & 0xffff);
                case 2 -> (192L << 24) | (168L << 16) | (rest & 0xffff);
                default -> (100L << 24) | ((64 + r.nextInt(64)) << 16) | (rest & 0xffff);
            };
            default -> {
                int[] firsts = {8, 9, 23, 34, 52, 81, 104, 151, 185, 203};
                yield ((long) firsts[r.nextInt(firsts.length)] << 24) | (rest & 0xffffff);
            }
        };
    }

    /** One of the many ways to write an address: 1-4 parts in decimal/octal/hex, IPv6 forms, odd case, a trailing dot. */
    static String spell(Random r, long a, boolean octalAllowed) {
        int form = r.nextInt(5);
        String s;
        if (form == 4) {
            s = r.nextBoolean()
                    ? "[::ffff:" + dotted(a) + "]"
                    : "[::ffff:" + Long.toHexString(a >>> 16) + ":" + Long.toHexString(a & 0xffff) + "]";
        } else {
            int parts = 1 + r.nextInt(4);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < parts - 1; i++) {
                out.add(number(r, (a >>> (8 * (3 - i))) & 0xff, octalAllowed));
            }
            long last = a & ((1L << (8 * (5 - parts))) - 1);
            out.add(number(r, last, octalAllowed));
            s = String.join(".", out);
        }
        if (r.nextBoolean()) {
            s = s.toUpperCase(Locale.ROOT);
        }
        if (r.nextInt(4) == 0 && !s.startsWith("[")) {
            s = s + ".";
        }
        return s;
    }

    private static String number(Random r, long v, boolean octalAllowed) {
        return switch (r.nextInt(octalAllowed ? 3 : 2)) {
            case 0 -> Long.toString(v);
            case 1 -> "0x" + "0".repeat(r.nextInt(3)) + Long.toHexString(v);
            default -> "0" + Long.toOctalString(v);
        };
    }

    private static String dotted(long a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
