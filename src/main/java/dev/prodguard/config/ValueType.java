package dev.prodguard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The type, unit and bounds of a setting ({@link ConfigKey#type()}), in one place. {@link SettingsLoader}
 * checks every present key with it at load, so an invalid value stops every command, not only the one
 * that reads it.
 */
public sealed interface ValueType {
    /**
     * The value in normal form (trimmed; a boolean as {@code true}/{@code false}; a number without spaces).
     *
     * @throws IllegalArgumentException with what is wrong, phrased to follow the value ("is out of range")
     */
    String check(String raw);

    /** What this type accepts, phrased to follow "use" ("a whole number from 1 to 86400 (s)"). */
    String accepted();

    /** Any text (paths, names, lists read elsewhere). */
    record Text() implements ValueType {
        @Override
        public String check(String raw) {
            return raw;
        }

        @Override
        public String accepted() {
            return "any text";
        }
    }

    /** One of a few words, in any case (normal form: lower case). */
    record OneOf(java.util.List<String> words) implements ValueType {
        @Override
        public String check(String raw) {
            String w = raw.strip().toLowerCase(Locale.ROOT);
            if (!words.contains(w)) {
                throw new IllegalArgumentException("is not one of " + String.join(", ", words));
            }
            return w;
        }

        @Override
        public String accepted() {
            return String.join(" or ", words);
        }
    }

    /** true/false, also 1/0, yes/no, on/off in any case; blank is false. */
    record Bool() implements ValueType {
        @Override
        public String check(String raw) {
            return switch (raw.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> "true";
                case "false", "0", "no", "off", "" -> "false";
                default -> throw new IllegalArgumentException("is not a boolean");
            };
        }

        @Override
        public String accepted() {
            return "true or false (also 1/0, yes/no)";
        }
    }

    /** A whole number from {@code min} to {@code max} in {@code unit} ("" for a plain count). */
    record Whole(long min, long max, String unit) implements ValueType {
        @Override
        public String check(String raw) {
            long n;
            try {
                n = Long.parseLong(raw.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException("is out of range");
            }
            return String.valueOf(n);
        }

        @Override
        public String accepted() {
            return "a whole number from " + min + " to " + max + (unit.isEmpty() ? "" : " (" + unit + ")");
        }
    }

    /** Text of at least {@code min} characters once trimmed (blank: unset); {@code hint} says what to use. */
    record MinLength(int min, String hint) implements ValueType {
        @Override
        public String check(String raw) {
            String v = raw.strip();
            if (!v.isEmpty() && v.length() < min) {
                throw new IllegalArgumentException("is shorter than " + min + " characters");
            }
            return v;
        }

        @Override
        public String accepted() {
            return hint;
        }
    }

    /** An absolute URL with a host and one of {@code schemes} (blank: unset). */
    record Url(String example, java.util.List<String> schemes) implements ValueType {
        @Override
        public String check(String raw) {
            String v = raw.strip();
            if (v.isEmpty()) {
                return v;
            }
            URI u;
            try {
                u = new URI(v);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("is not a valid URL");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme) || u.getHost() == null || u.getHost().isEmpty()) {
                throw new IllegalArgumentException("is not a " + String.join(" or ", schemes) + " URL with a host");
            }
            return v;
        }

        @Override
        public String accepted() {
            return "a URL such as " + example;
        }
    }

    /** Comma-separated {@code host} or {@code host:port} entries ({@link HostPort}). */
    record HostNames() implements ValueType {
        @Override
        public String check(String raw) {
            try {
                return String.join(",", HostPort.parseList(raw).stream().map(HostPort::toString).toList());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("is not a list of host names: " + e.getMessage());
            }
        }

        @Override
        public String accepted() {
            return "comma-separated host names or IP addresses, each optionally with :port (no scheme, no path)";
        }
    }

    /** One IP address literal (IPv4 dotted, or IPv6; normal form: the address as Java prints it). */
    record IpAddress() implements ValueType {
        @Override
        public String check(String raw) {
            String v = raw.strip();
            java.util.List<java.net.InetAddress> a = v.matches("[0-9.]+|\\[?[0-9A-Fa-f:.]+\\]?") ? IpLiteral.addresses(v)
                    : java.util.List.of();
            if (a.size() != 1) {
                throw new IllegalArgumentException("is not one IP address");
            }
            return a.get(0).getHostAddress();
        }

        @Override
        public String accepted() {
            return "one IP address such as 127.0.0.1, 0.0.0.0, ::1 or a private address of this machine (not a name)";
        }
    }

    /** Comma-separated email addresses. */
    record Emails() implements ValueType {
        private static final Pattern ADDRESS = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");

        @Override
        public String check(String raw) {
            StringBuilder out = new StringBuilder();
            for (String part : raw.split(",")) {
                String a = part.strip();
                if (a.isEmpty()) {
                    continue;
                }
                if (!ADDRESS.matcher(a).matches()) {
                    throw new IllegalArgumentException("is not a list of email addresses: '" + a
                            + "' is not an email address");
                }
                out.append(out.length() == 0 ? "" : ",").append(a);
            }
            return out.toString();
        }

        @Override
        public String accepted() {
            return "comma-separated email addresses such as ops@example.com";
        }
    }
}
