package dev.prodguard.web.dashboard;

import dev.prodguard.http.HttpReply;
import dev.prodguard.text.Instants;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the dashboard's JTE templates (compiled with the code by jte-maven-plugin, so a template error is a
 * build error) with the page frame every page shares: its title, navigation, the session's CSRF token and
 * whether this is the demo.
 */
final class Pages {
    /** The policy of every page: scripts and styles from this server only, never inline. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), Pages.class.getPackageName());

    /** One navigation entry. */
    record Nav(String href, String label, boolean current) {}

    /** What the frame of a page shows. */
    record Frame(String title, String db, String csrf, boolean demo, boolean charts, List<Nav> nav) {}

    private static final List<String[]> NAV = List.of(new String[] {"/", "Overview"}, new String[] {"/timeline", "Timeline"},
            new String[] {"/restore", "Restore"}, new String[] {"/alerts", "Alerts"}, new String[] {"/monitoring", "Metrics"},
            new String[] {"/checklist", "Checklist"});

    private Pages() {}

    /** The frame of the page at {@code current} (a nav href). */
    static Frame frame(String title, String current, String db, String csrf, boolean demo) {
        return new Frame(title, db, csrf, demo, current.equals("/monitoring"),
                NAV.stream().map(n -> new Nav(n[0], n[1], n[0].equals(current))).toList());
    }

    /** {@code template} rendered with {@code frame} and the named parameters, as an HTML reply. */
    static HttpReply page(int status, String template, Frame frame, Object... params) {
        Map<String, Object> p = params(params);
        p.put("frame", frame);
        return html(status, render(template, p));
    }

    /** A fragment (no frame) for the scripts that refresh part of a page. */
    static HttpReply fragment(String template, Object... params) {
        return html(200, render(template, params(params)));
    }

    static String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput(16 * 1024);
        ENGINE.render(template, params, out);
        return out.toString();
    }

    private static HttpReply html(int status, String body) {
        return HttpReply.html(status, body).withHeader("Content-Security-Policy", CSP);
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> p = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return p;
    }

    /** An instant as the page's {@code <time>} element shows it before the script makes it local: {@link Instants#human}. */
    static String utc(Instant t) {
        return t == null ? "" : Instants.human(t);
    }
}
