package dev.prodguard.config;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Host spellings as resolvers read them, without any look-up: a name is normalised (case, IDNA
 * mapping, trailing dots, brackets), and an IP literal is parsed in every form a resolver accepts:
 * IPv4 in 1 to 4 parts with decimal, octal ({@code 0177}) or hex ({@code 0x7f}) parts as
 * {@code inet_aton} reads them (the last part fills the remaining bytes: {@code 127.1} is
 * 127.0.0.1), and IPv6 with an optional zone id ({@code fe80::1%eth0}).
 */
public final class IpLiteral {
    private IpLiteral() {}

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The name as resolvers compare it: lower case, IDNA-mapped, without brackets or trailing dots. */
    public static String normalise(String host) {
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') < 0 && !ascii(h)) { // IDNA leaves ASCII as it is (and loading its tables costs a start)
            try {
                h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED); // full-width digits and dots become ASCII
            } catch (IllegalArgumentException e) {
                // not a valid IDN: compare it as written
            }
        }
        h = h.toLowerCase(Locale.ROOT);
        while (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /**
     * Every address a literal may mean (more than one only for an ambiguous IPv4 spelling with a
     * leading zero, which some resolvers read as octal and others as decimal); empty for a name.
     */
    public static List<InetAddress> addresses(String host) {
        String h = normalise(host);
        if (h.indexOf(':') >= 0) {
            InetAddress v6 = ipv6(h);
            return v6 == null ? List.of() : List.of(v6);
        }
        List<InetAddress> out = new ArrayList<>();
        for (long value : ipv4(h)) {
            out.add(v4((int) value));
        }
        return out;
    }

    private static InetAddress ipv6(String h) {
        int zone = h.indexOf('%');
        String bare = zone < 0 ? h : h.substring(0, zone);
        if (bare.isEmpty() || !bare.matches("[0-9a-f:.]+") || !bare.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(bare); // a literal (checked above): no look-up happens
        } catch (Exception e) {
            return null;
        }
    }

    /** The 32-bit values of an IPv4 literal in inet_aton's forms; empty when it is not one. */
    static Set<Long> ipv4(String h) {
        Set<Long> values = new LinkedHashSet<>();
        if (h.isEmpty() || !h.matches("[0-9a-fx.]+") || h.startsWith(".") || h.contains("..")) {
            return values;
        }
        String[] parts = h.split("\\.");
        if (parts.length > 4) {
            return values;
        }
        List<List<Long>> readings = new ArrayList<>();
        for (String p : parts) {
            List<Long> r = partValues(p);
            if (r.isEmpty()) {
                return values;
            }
            readings.add(r);
        }
        combine(readings, 0, 0L, values);
        return values;
    }

    private static void combine(List<List<Long>> readings, int i, long acc, Set<Long> out) {
        int n = readings.size();
        for (long v : readings.get(i)) {
            if (i < n - 1) {
                if (v > 255) {
                    continue;
                }
                combine(readings, i + 1, acc | (v << (8 * (3 - i))), out);
            } else {
                long max = (1L << (8 * (4 - i))) - 1;
                if (v <= max) {
                    out.add(acc | v);
                }
            }
        }
    }

    /** The values one part may mean: hex, octal (leading 0) and also decimal when a leading zero makes it ambiguous. */
    private static List<Long> partValues(String p) {
        List<Long> out = new ArrayList<>();
        if (p.startsWith("0x")) {
            String digits = p.substring(2);
            if (!digits.isEmpty() && digits.matches("[0-9a-f]+")) {
                String significant = digits.replaceFirst("^0+(?=.)", "");
                if (significant.length() <= 8) {
                    out.add(Long.parseLong(significant, 16));
                }
            }
            return out;
        }
        if (!p.matches("[0-9]+") || p.replaceFirst("^0+(?=.)", "").length() > 12) {
            return out;
        }
        if (p.length() > 1 && p.startsWith("0")) {
            if (p.matches("[0-7]+")) {
                out.add(Long.parseLong(p, 8));
            }
            long decimal = Long.parseLong(p);
            if (!out.contains(decimal)) {
                out.add(decimal);
            }
            return out;
        }
        out.add(Long.parseLong(p));
        return out;
    }

    private static InetAddress v4(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return Inet4Address.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
