package dev.prodguard.report;

import dev.prodguard.config.Secrets;
import dev.prodguard.report.CapacityAdvice.Limit;
import dev.prodguard.report.Report.Source;
import java.util.List;

/**
 * The report as one self-contained HTML file: inline styles and SVG charts, no script and nothing fetched, so it
 * opens offline and in a mail client; print styles keep sections whole on paper. Renders the same {@link Report}
 * as {@link ReportJson}; every text goes through {@link Secrets#scrub}.
 */
public final class ReportHtml {
    private static final String CSS = """
            :root{color-scheme:light;--ink:#1d2330;--muted:#5b6474;--line:#d5dae3;--bad:#a4161a;--warn:#8a5a00;--ok:#23643a}
            *{box-sizing:border-box}
            body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:60rem;margin:0 auto;padding:1.5rem}
            h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:0 0 .4rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
            h3{font-size:1rem;margin:.8rem 0 .3rem}
            section{margin:1.4rem 0}p{margin:.35rem 0}
            .meta,.source{color:var(--muted);font-size:.85rem}
            .na{color:var(--warn);font-style:italic}
            .summary{border:1px solid var(--line);border-left:4px solid var(--ink);padding:.6rem .9rem;background:#f6f8fb}
            .warn{color:var(--warn)}.bad{color:var(--bad)}.ok{color:var(--ok)}
            table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.3rem 0}
            th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            svg.chart{max-width:100%;height:auto;display:block;margin:.4rem 0}
            svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
            svg .frame{fill:none;stroke:var(--line)}svg .series{fill:none;stroke:#2458a6;stroke-width:1.6}
            svg .limit{stroke:var(--bad);stroke-dasharray:5 4}svg .dot{fill:#2458a6}
            code{font-size:.9em}
            @media print{body{max-width:none;padding:0;font-size:11pt}section{break-inside:avoid}.summary{background:none}
            a{color:inherit;text-decoration:none}h2{break-after:avoid}}
            """;

    private ReportHtml() {}

    /** The whole file. */
    public static String render(Report r) {
        StringBuilder b = new StringBuilder(32_768);
        String title = cap(r.period()) + " maintenance report: " + r.database();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"generator\" content=\"prodguard report\">")
                .append("<title>").append(Html.esc(title)).append(" (").append(Words.date(r.to())).append(")</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        b.append("<header><h1>").append(Html.esc(title)).append("</h1><p class=\"meta\">Covers ")
                .append(Html.esc(Words.window(r.from(), r.to()))).append("; generated ").append(Html.esc(Words.instant(r.generatedAt())))
                .append(" by prodguard; tier ").append(Html.esc(r.tier() == null ? "not set (PRODGUARD_TIER)" : r.tier()))
                .append(".</p></header>\n");
        summary(b, r);
        growth(b, r);
        slowOps(b, r);
        connections(b, r);
        indexes(b, r);
        collections(b, r);
        users(b, r);
        backup(b, r);
        capacity(b, r);
        transfer(b, r);
        maintenance(b, r);
        b.append("<footer class=\"meta\"><p>JSON with the same content: <code>prodguard report --period ").append(r.period())
                .append(" --format json</code>. What each section means: docs/reports.md.</p></footer>\n</body></html>\n");
        return Secrets.scrub(b.toString());
    }

    private static void summary(StringBuilder b, Report r) {
        b.append("<section class=\"summary\"><h2>In short</h2>");
        if (r.capacity().recommendation() != null) {
            p(b, r.capacity().recommendation().sentence());
        }
        r.capacity().limits().stream().filter(l -> l.verdict() == CapacityAdvice.Verdict.REACHED
                || l.verdict() == CapacityAdvice.Verdict.GROWING).forEach(l -> p(b, l.sentence()));
        if (r.transfer().warning()) {
            b.append("<p class=\"warn\">").append(Html.esc(r.transfer().sentence())).append("</p>");
        }
        long overdue = r.users().passwordAges().stream().filter(Report.PasswordAge::overdue).count();
        if (overdue > 0) {
            b.append("<p class=\"bad\">").append(overdue).append(" password(s) older than 90 days.</p>");
        }
        Boolean ok = r.backup().restoreTestOk();
        p(b, ok == null ? "No restore test recorded yet." : "Last restore test: " + r.backup().restoreTest() + " at "
                + Words.instant(r.backup().restoreTestAt()) + ".");
        long people = r.maintenance().stream().filter(Report.Task::needsPerson).count();
        p(b, people + " maintenance item(s) of this period need a person (listed at the end).");
        b.append("</section>\n");
    }

    private static void growth(StringBuilder b, Report r) {
        Report.Growth g = r.growth();
        open(b, "Database and collection size", g.source());
        if (g.source().available()) {
            if (!g.database().isEmpty()) {
                p(b, "Counted against the quota (data plus indexes): " + Words.size(g.databaseNow()) + " now, "
                        + Words.size(g.databaseAtStart()) + " at the window's start ("
                        + signed(g.databaseNow() - g.databaseAtStart()) + ").");
                b.append(Svg.line(g.database(), storageLimit(r), 640, 170, Words::size, "database size over the window"));
            }
            if (!g.collections().isEmpty()) {
                b.append("<table><thead><tr><th>collection</th><th class=\"n\">documents</th><th class=\"n\">size</th>"
                        + "<th class=\"n\">growth</th><th class=\"n\">indexes</th><th>trend</th></tr></thead><tbody>");
                for (Report.CollectionGrowth c : g.collections()) {
                    b.append("<tr><td>").append(Html.esc(c.name())).append("</td><td class=\"n\">")
                            .append(Words.number(c.documents())).append("</td><td class=\"n\">").append(Words.size(c.sizeBytes()))
                            .append("</td><td class=\"n\">").append(Html.esc(signed(c.sizeBytes() - c.sizeAtStart())))
                            .append("</td><td class=\"n\">").append(Words.size(c.indexBytes())).append("</td><td>")
                            .append(Svg.spark(c.history(), c.name() + " size")).append("</td></tr>");
                }
                b.append("</tbody></table>");
            }
        }
        close(b);
    }

    private static void slowOps(StringBuilder b, Report r) {
        Report.SlowOps s = r.slowOps();
        open(b, "Slow operations", s.profiler());
        if (s.profiler().available()) {
            if (s.shapes().isEmpty()) {
                p(b, "The profiler recorded no slow operation in the window.");
            } else {
                b.append("<table><thead><tr><th>operation</th><th>namespace</th><th>shape</th><th class=\"n\">count</th>"
                        + "<th class=\"n\">total</th><th class=\"n\">slowest</th><th>plan</th></tr></thead><tbody>");
                for (SlowShapes.Shape x : s.shapes()) {
                    b.append("<tr><td>").append(Html.esc(x.op())).append("</td><td>").append(Html.esc(x.ns()))
                            .append("</td><td><code>").append(Html.esc(x.shape())).append("</code></td><td class=\"n\">")
                            .append(x.count()).append("</td><td class=\"n\">").append(x.totalMillis()).append(" ms</td><td class=\"n\">")
                            .append(x.slowestMillis()).append(" ms</td><td>").append(Html.esc(x.plan())).append("</td></tr>");
                }
                b.append("</tbody></table>");
            }
        }
        b.append("<h3>What the guardian's monitor saw</h3>");
        source(b, s.monitor());
        if (s.monitor().available()) {
            p(b, s.seen() + " slow operation(s) seen at samples; the slowest ran " + s.slowestMillis() + " ms.");
            b.append(Svg.line(s.series(), 0, 640, 140, Words::number, "slow operations per sample"));
        }
        close(b);
    }

    private static void connections(StringBuilder b, Report r) {
        Report.Connections c = r.connections();
        open(b, "Connections", c.source());
        if (c.source().available()) {
            p(b, "Peak " + Words.number(c.peak()) + " connection(s)" + (c.limit() == null ? "; the limit is not known."
                    : " of a limit of " + Words.number(c.limit()) + " (" + Words.pct(c.peakShare()) + ")."));
            b.append(Svg.line(c.series(), c.limit() == null ? 0 : c.limit(), 640, 140, Words::number, "connections in use"));
        }
        close(b);
    }

    private static void indexes(StringBuilder b, Report r) {
        Report.Indexes x = r.indexes();
        b.append("<section id=\"indexes\"><h2>Index review</h2>");
        b.append("<h3>Indexes that are a prefix of another</h3>");
        source(b, x.listIndexes());
        if (x.listIndexes().available()) {
            if (x.redundant().isEmpty()) {
                p(b, "None: no index's key is the leading part of another index's key.");
            }
            x.redundant().forEach(d -> p(b, d.collection() + "." + d.index() + " " + d.key() + " is a prefix of "
                    + d.coveredBy() + " " + d.coveredByKey() + ": queries it serves, the longer index serves too."));
        }
        b.append("<h3>Unused indexes</h3>");
        source(b, x.indexStats());
        if (x.indexStats().available()) {
            if (x.unused().isEmpty()) {
                p(b, "None: every index was used since the server began counting.");
            }
            x.unused().forEach(u -> p(b, u.collection() + "." + u.index() + " " + u.key() + ": no use counted since "
                    + Words.instant(u.since()) + " on " + u.host() + "."));
        }
        b.append("<h3>Collections scanned without an index</h3>");
        source(b, x.scans());
        if (x.scans().available()) {
            if (x.collectionScans().isEmpty()) {
                p(b, "None recorded.");
            }
            x.collectionScans().forEach(s -> p(b, s.ns() + ": " + s.count() + " collection scan(s), the slowest "
                    + s.slowestMillis() + " ms."));
        }
        b.append("</section>\n");
    }

    private static void collections(StringBuilder b, Report r) {
        Report.Collections c = r.collections();
        open(b, "Unused and empty collections", c.source());
        if (c.source().available()) {
            p(b, c.empty().isEmpty() ? "No empty collection." : "Empty: " + String.join(", ", c.empty()) + ".");
            p(b, c.unused().isEmpty() ? "No collection without use found." : "");
            c.unused().forEach(u -> p(b, u.name() + ": " + u.why() + "."));
        }
        close(b);
    }

    private static void users(StringBuilder b, Report r) {
        Report.Users u = r.users();
        b.append("<section id=\"users\"><h2>Users, roles and password age</h2><h3>Users and roles</h3>");
        source(b, u.server());
        if (u.server().available()) {
            if (u.users().isEmpty()) {
                p(b, "The server lists no user of this database.");
            }
            u.users().forEach(x -> p(b, x.user() + "@" + x.db() + ": " + (x.roles().isEmpty() ? "no role"
                    : String.join(", ", x.roles())) + "."));
        }
        b.append("<h3>Password age (90-day rotation)</h3>");
        source(b, u.ages());
        for (Report.PasswordAge a : u.passwordAges()) {
            b.append("<p class=\"").append(a.overdue() ? "bad" : "ok").append("\">").append(Html.esc(a.user() + ": set "
                    + Words.instant(a.setAt()) + ", " + a.days() + " days ago" + (a.overdue() ? ": overdue, run 'prodguard"
                    + " roles rotate " + a.user() + "'." : "."))).append("</p>");
        }
        b.append("</section>\n");
    }

    private static void backup(StringBuilder b, Report r) {
        Report.Backup k = r.backup();
        open(b, "Backup health", k.source());
        if (k.source().available()) {
            p(b, k.snapshotsInWindow() + " snapshot(s) in the window, " + k.snapshotsTotal() + " in all"
                    + (k.newestSnapshot() == null ? "; none yet." : "; the newest is " + k.newestSnapshot() + " of "
                    + Words.instant(k.newestAt()) + "."));
            p(b, k.windows().isEmpty() ? "No captured history in the window: only the snapshots' instants are restorable."
                    : k.windows().size() - k.gapsInWindow() + " restorable window(s) of captured history and " + k.gapsInWindow()
                    + " gap(s) in the window:");
            if (!k.windows().isEmpty()) {
                b.append("<table><thead><tr><th>kind</th><th>from</th><th>to</th></tr></thead><tbody>");
                k.windows().forEach(w -> b.append("<tr><td>").append(Html.esc(w.kind())).append("</td><td>")
                        .append(Html.esc(w.from())).append("</td><td>").append(Html.esc(w.to())).append("</td></tr>"));
                b.append("</tbody></table>");
            }
            b.append("<p class=\"").append(k.restoreTestOk() == null ? "warn" : k.restoreTestOk() ? "ok" : "bad").append("\">")
                    .append(Html.esc(k.restoreTest() == null ? "No restore test recorded: run 'prodguard verify --restore'."
                            : "Last restore test: " + k.restoreTest() + " at " + Words.instant(k.restoreTestAt()) + "."))
                    .append("</p>");
            p(b, "Repository: " + Words.size(k.storedBytes()) + " of snapshots stored, " + signed(k.storedBytes()
                    - k.storedAtStart()) + " in the window" + (k.space() == null ? "." : "; " + k.space() + "."));
            if (k.storedHistory().size() > 1) {
                b.append(Svg.line(k.storedHistory(), 0, 640, 140, Words::size, "repository size"));
            }
        }
        close(b);
    }

    private static void capacity(StringBuilder b, Report r) {
        CapacityAdvice a = r.capacity();
        b.append("<section id=\"capacity\"><h2>Capacity and cost advisor</h2>");
        b.append("<p class=\"source\">Tier: ").append(Html.esc(a.tier() == null ? "not set" : a.tier())).append(" (")
                .append(Html.esc(a.tierSource())).append("). Fit: Theil-Sen slope with its 90 % interval over at least "
                + ReportService.FIT_WINDOW.toDays() + " days of history.</p>");
        for (Limit l : a.limits()) {
            p(b, l.sentence());
            b.append("<p class=\"source\">From ").append(Html.esc(l.source())).append(".</p>");
        }
        if (a.recommendation() != null) {
            b.append("<p><strong>").append(Html.esc(a.recommendation().sentence())).append("</strong></p>");
        }
        b.append("<table><thead><tr><th>tier</th><th class=\"n\">storage</th><th class=\"n\">connections</th>"
                + "<th class=\"n\">operations/s</th><th class=\"n\">transfer / 7 days</th><th class=\"n\">a month</th>"
                + "<th>source</th></tr></thead><tbody>");
        for (Tier t : a.tiers()) {
            b.append("<tr><td>").append(Html.esc(t.name())).append("</td><td class=\"n\">").append(Words.size(t.storageBytes()))
                    .append("</td><td class=\"n\">").append(Words.number(t.connections())).append("</td><td class=\"n\">")
                    .append(t.opsPerSecond() == 0 ? "no cap" : Words.number(t.opsPerSecond())).append("</td><td class=\"n\">")
                    .append(t.transferGbPer7Days() == 0 ? "no cap" : t.transferGbPer7Days() + " GB").append("</td><td class=\"n\">")
                    .append(Html.esc(t.monthlyUsd() == 0 ? "free" : String.format(java.util.Locale.ROOT, "$%,.0f", t.monthlyUsd())))
                    .append("</td><td class=\"source\">").append(Html.esc(t.source())).append("</td></tr>");
        }
        b.append("</tbody></table></section>\n");
    }

    private static void transfer(StringBuilder b, Report r) {
        Report.Transfer t = r.transfer();
        open(b, "Weekly transfer", t.source());
        if (t.source().available()) {
            b.append("<p class=\"").append(t.warning() ? "warn" : "").append("\">").append(Html.esc(t.sentence())).append("</p>");
            if (t.suggestion() != null) {
                p(b, t.suggestion());
            }
        }
        close(b);
    }

    private static void maintenance(StringBuilder b, Report r) {
        b.append("<section id=\"maintenance\"><h2>Maintenance of this period</h2>");
        b.append("<p class=\"source\">From the guide's maintenance list (checklist.Maintenance): weekly, monthly and"
                + " quarterly items up to this report's period.</p>");
        b.append("<table><thead><tr><th>when</th><th>item</th><th>who</th><th>what to do</th></tr></thead><tbody>");
        for (Report.Task t : r.maintenance()) {
            b.append("<tr><td>").append(Html.esc(t.period())).append("</td><td>").append(Html.esc(t.title()))
                    .append("</td><td>").append(t.needsPerson() ? "a person" : "prodguard").append("</td><td>")
                    .append(Html.esc(t.whatToDo())).append("</td></tr>");
        }
        b.append("</tbody></table></section>\n");
    }

    private static double storageLimit(Report r) {
        List<Limit> l = r.capacity().limits();
        return l.isEmpty() ? 0 : l.get(0).limit();
    }

    private static void open(StringBuilder b, String title, Source s) {
        b.append("<section><h2>").append(Html.esc(title)).append("</h2>");
        source(b, s);
    }

    private static void source(StringBuilder b, Source s) {
        String window = s.windowFrom() == null || s.windowFrom().equals(s.windowTo()) ? "as of " + Words.instant(s.windowTo())
                : Words.window(s.windowFrom(), s.windowTo());
        b.append("<p class=\"source\">Source: ").append(Html.esc(s.from())).append(". Window: ").append(Html.esc(window))
                .append(".</p>");
        if (!s.available()) {
            String why = s.unavailable();
            b.append("<p class=\"na\">").append(Html.esc(Character.toUpperCase(why.charAt(0)) + why.substring(1)))
                    .append(why.endsWith(".") ? "" : ".").append("</p>");
        }
    }

    private static void close(StringBuilder b) {
        b.append("</section>\n");
    }

    private static void p(StringBuilder b, String text) {
        if (!text.isEmpty()) {
            b.append("<p>").append(Html.esc(text)).append("</p>");
        }
    }

    private static String signed(long bytes) {
        return (bytes >= 0 ? "+" : "-") + Words.size(Math.abs(bytes));
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
