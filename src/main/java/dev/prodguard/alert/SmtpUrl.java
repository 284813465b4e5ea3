package dev.prodguard.alert;

import dev.prodguard.config.HostClass;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ProdguardException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code PRODGUARD_SMTP_URL} parsed: {@code smtp://user:password@host:port?starttls=true&from=alerts@x}
 * (STARTTLS upgrade) or {@code smtps://...} (TLS from the first byte). Without {@code starttls=}, STARTTLS
 * is required whenever a password would otherwise cross a non-loopback network in clear text, and
 * used when offered otherwise; {@code starttls=false} turns it off. Default ports: 587 (smtp), 465 (smtps).
 *
 * @param starttls "required", "optional" or "off"
 */
public record SmtpUrl(boolean smtps, String host, int port, String user, String password, String starttls,
        String from) {

    /** Parses the URL and registers its password as a secret. @throws ProdguardException CONFIG */
    public static SmtpUrl parse(String url) {
        URI u;
        try {
            u = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ProdguardException.config("PRODGUARD_SMTP_URL is not a valid URL (" + e.getReason() + "); use"
                    + " smtp://user:password@host:587?starttls=true (percent-encode special characters)");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps") || u.getHost() == null) {
            throw ProdguardException.config("PRODGUARD_SMTP_URL must look like smtp://user:password@host:port"
                    + " or smtps://user:password@host:port");
        }
        boolean smtps = scheme.equals("smtps");
        String user = null;
        String password = null;
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            Secrets.register(password);
            if (colon >= 0) {
                Secrets.register(info.substring(colon + 1));
            }
        }
        String starttlsParam = null;
        String from = null;
        if (u.getRawQuery() != null) {
            for (String pair : u.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (k) {
                    case "starttls" -> starttlsParam = v.toLowerCase(Locale.ROOT);
                    case "from" -> from = v;
                    default -> throw ProdguardException.config("PRODGUARD_SMTP_URL has an unknown option '" + k
                            + "'; known options: starttls=true|false, from=address");
                }
            }
        }
        String starttls;
        if (smtps) {
            starttls = "off";
        } else if (starttlsParam == null) {
            boolean clearPassword = password != null && HostClass.of(u.getHost()) != HostClass.LOOPBACK;
            starttls = clearPassword ? "required" : "optional";
        } else if (starttlsParam.equals("true")) {
            starttls = "required";
        } else if (starttlsParam.equals("false")) {
            starttls = "off";
        } else {
            throw ProdguardException.config("PRODGUARD_SMTP_URL: starttls must be true or false");
        }
        int port = u.getPort() > 0 ? u.getPort() : smtps ? 465 : 587;
        if (from == null) {
            from = user != null && user.contains("@") ? user : "prodguard@" + u.getHost();
        }
        return new SmtpUrl(smtps, u.getHost(), port, user, password, starttls, from);
    }

    /** "smtp host:port" for messages; never the user or password. */
    public String display() {
        return (smtps ? "smtps " : "smtp ") + host + ":" + port;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProdguardException.config("PRODGUARD_SMTP_URL has a malformed percent-encoding; encode special"
                    + " characters of the password as %XX");
        }
    }

    @Override
    public String toString() {
        return "SmtpUrl[" + display() + ", user=" + user + ", starttls=" + starttls + "]";
    }
}
