package dev.prodguard.config;

import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/** What kind of place a host name points at, judged from the name alone (no DNS). */
public enum HostClass {
    /** localhost, 127.0.0.0/8, ::1 */
    LOOPBACK,
    /** 10/8, 172.16/12, 192.168/16, fc00::/7 */
    PRIVATE,
    /** 169.254/16, fe80::/10 */
    LINK_LOCAL,
    /** a name without a dot, such as a container name ("mongo", "db") */
    SINGLE_LABEL,
    /** anything else: a public address or a fully qualified name */
    PUBLIC;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public static HostClass of(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("ip6-localhost")) {
            return LOOPBACK;
        }
        if (IPV4.matcher(h).matches() || h.contains(":")) {
            try {
                InetAddress a = InetAddress.getByName(h); // a literal: no lookup happens
                if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
                    return LOOPBACK;
                }
                if (a.isLinkLocalAddress()) {
                    return LINK_LOCAL;
                }
                if (a.isSiteLocalAddress() || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc)) {
                    return PRIVATE;
                }
                return PUBLIC;
            } catch (Exception e) {
                return PUBLIC;
            }
        }
        if (!h.contains(".")) {
            return SINGLE_LABEL;
        }
        return PUBLIC;
    }
}
