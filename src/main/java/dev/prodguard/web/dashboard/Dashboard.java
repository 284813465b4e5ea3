package dev.prodguard.web.dashboard;

import dev.prodguard.alert.Alert;
import dev.prodguard.checklist.LastChecklist;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.guardian.Guardian;
import dev.prodguard.http.HttpApp;
import dev.prodguard.http.HttpCall;
import dev.prodguard.http.HttpReply;
import dev.prodguard.restore.RestoreService;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.snapshot.SnapshotOptions;
import dev.prodguard.status.StatusReport;
import dev.prodguard.status.StatusService;
import dev.prodguard.status.TimelineReport;
import dev.prodguard.web.ApiToken;
import dev.prodguard.web.GuardianApi;
import java.time.Duration;
import java.util.List;

/**
 * The guardian's dashboard, on the guardian's own port: sign-in ({@link Sessions}), then the overview, timeline,
 * restore wizard, alerts, metrics and checklist pages, each rendered from the same services the CLI prints
 * ({@link StatusService}, {@link RestoreService}, the alert history, the sample history). Without a session a page
 * answers 401 with the sign-in form; every POST needs the session's CSRF token (403 otherwise).
 */
public final class Dashboard implements HttpApp, AutoCloseable {
    private final Guardian guardian;
    private final Sessions sessions;
    private final GuardianApi api;
    private final DemoControls demo;
    private final Assets assets = new Assets();
    private final RestoreJobs jobs;
    private final String db;
    private final StatusService status; // one for the dashboard's life: it reads each committed segment manifest once

    /** The dashboard of {@code guardian}; sign-in with {@code token}; {@code demo} null unless this is the demo. */
    public Dashboard(Guardian guardian, ApiToken token, DemoControls demo) {
        this.guardian = guardian;
        this.sessions = new Sessions(token, guardian.clock());
        this.api = new GuardianApi(guardian, token);
        this.demo = demo;
        this.jobs = new RestoreJobs(guardian.clock());
        this.db = guardian.settings().dbName();
        this.status = StatusService.remembering(guardian.repository(), guardian.settings().path(ConfigKey.STATE_DIR));
        warmUp();
    }

    /**
     * Builds the overview once in the background while the guardian starts, so that the first person to open it
     * does not wait for the classes and reads of a cold start (about 150 ms measured on the demo); failures here
     * are the page's to report later.
     */
    private void warmUp() {
        Thread t = new Thread(() -> {
            try {
                Pages.render("overview.jte", java.util.Map.of("live", overviewLive(), "frame",
                        Pages.frame("Overview", "/", db, "warm-up", demo != null)));
                Pages.render("login.jte", java.util.Map.of("frame", Pages.frame("Sign in", "", db, "", demo != null),
                        "message", ""));
            } catch (RuntimeException e) {
                // the real request renders again and reports what fails
            }
        }, "dashboard-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** A one-time sign-in link path ({@code /signin?code=...}); the code is valid {@link Sessions#CODE_VALID}, once. */
    public String signInPath() {
        return "/signin?code=" + sessions.issueCode();
    }

    @Override
    public HttpReply handle(HttpCall call) {
        String path = call.path();
        boolean get = call.method().equals("GET") || call.method().equals("HEAD");
        if (!get && !call.method().equals("POST")) {
            return HttpReply.text(405, "GET or POST only\n").withHeader("Allow", "GET, POST");
        }
        if (Assets.isAsset(path)) {
            return get ? assets.reply(path) : HttpReply.text(405, "GET only\n").withHeader("Allow", "GET");
        }
        if (path.equals("/login")) {
            return get ? signInPage(200, null) : signIn(sessions.signInWithToken(call.field("token")),
                    "that is not the guardian's API token (it is in " + "the file or variable 'prodguard run' named)");
        }
        if (path.equals("/signin") && get) {
            return signIn(sessions.signInWithCode(Query.of(call.rawQuery()).get("code")),
                    "that sign-in link was already used or has expired; ask 'prodguard run' or the demo for a new one,"
                    + " or sign in with the API token");
        }
        Sessions.Session s = sessions.find(call.header("Cookie"));
        if (s == null) {
            return path.startsWith("/data/") || path.startsWith("/live/") ? HttpReply.text(401, "sign in first\n")
                    : signInPage(401, null);
        }
        if (!get && !Sessions.csrfMatches(s, call.field("csrf"))) {
            return Pages.page(403, "message.jte", frame("Refused", "", s), "heading", "Refused", "text",
                    "This form was not sent by this dashboard (its CSRF token is missing or wrong); nothing was changed."
                    + " Reload the page and try again.");
        }
        long t0 = System.nanoTime();
        try {
            HttpReply r = route(call, path, get, s);
            // the time this page took to build, for the browser's Navigation Timing (Server-Timing)
            return r != null ? r.withHeader("Server-Timing", String.format(java.util.Locale.ROOT, "app;dur=%.1f",
                    (System.nanoTime() - t0) / 1e6)) : Pages.page(404, "message.jte", frame("Not found", "", s), "heading", "Not found",
                    "text", "There is no page " + path + " on this dashboard.");
        } catch (ProdguardException e) {
            return Pages.page(e.code() == dev.prodguard.error.ErrorCode.USAGE ? 400 : 409, "message.jte",
                    frame("Refused", "", s), "heading", "Not done", "text", e.getMessage());
        }
    }

    /** The newest maintenance report the guardian (or {@code prodguard report}) wrote to the state directory, or null. */
    private java.nio.file.Path latestReport() {
        return dev.prodguard.report.ReportFiles.newestOfAny(dev.prodguard.report.ReportFiles.dir(
                guardian.settings().path(ConfigKey.STATE_DIR)));
    }

    /** The newest report as written: a self-contained page whose policy allows only its own inline styles. */
    private HttpReply reportFile(Sessions.Session s) {
        java.nio.file.Path f = latestReport();
        if (f == null) {
            return Pages.page(404, "message.jte", frame("No report yet", "", s), "heading", "No report yet", "text",
                    "The guardian writes the weekly maintenance report on Mondays at 06:00 UTC (schedule.report);"
                    + " 'prodguard report' writes one now.");
        }
        try {
            return HttpReply.html(200, java.nio.file.Files.readString(f)).withHeader("Content-Security-Policy",
                    REPORT_CSP);
        } catch (java.io.IOException e) {
            return Pages.page(500, "message.jte", frame("Report unreadable", "", s), "heading", "Report unreadable",
                    "text", "The report " + f.getFileName() + " cannot be read: " + e.getMessage());
        }
    }

    /** A report has no script and loads nothing: only its inline {@code <style>} is allowed. */
    static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none';"
            + " form-action 'none'";

    private HttpReply route(HttpCall call, String path, boolean get, Sessions.Session s) {
        Query q = Query.of(call.rawQuery());
        if (get) {
            switch (path) {
                case "/": return Pages.page(200, "overview.jte", frame("Overview", "/", s), "live", overviewLive(),
                        "report", latestReport() == null ? null : latestReport().getFileName().toString());
                case "/reports/latest": return reportFile(s);
                case "/live/overview": return Pages.fragment("overview-live.jte", "live", overviewLive());
                case "/timeline": return timeline(s);
                case "/restore": return Pages.page(200, "restore.jte", frame("Restore", "/restore", s), "wizard",
                        wizardStart(q.get("point"), null, false));
                case "/alerts": return alerts(s);
                case "/monitoring": return Pages.page(200, "metrics.jte", frame("Metrics", "/monitoring", s),
                        "hours", q.intParam("hours", 24, 24 * 400));
                case "/checklist": return Pages.page(200, "checklist.jte", frame("Checklist", "/checklist", s), "runs",
                        ChecklistView.of(LastChecklist.load(guardian.settings().path(ConfigKey.STATE_DIR))));
                case "/data/capture-lag": return DataJson.lag(timelineReport(), q.intParam("hours", 24, 24 * 400),
                        guardian.clock().instant());
                default:
                    if (path.startsWith("/data/metrics/")) {
                        return api.answer(new HttpCall("GET", "/api/metrics/" + path.substring("/data/metrics/".length()),
                                call.rawQuery(), call.headers()));
                    }
                    if (path.startsWith("/restore/job/") || path.startsWith("/live/job/")) {
                        RestoreJobs.Job job = jobs.get(q.number(path.substring(path.lastIndexOf('/') + 1)));
                        if (job == null) {
                            return null;
                        }
                        JobView v = JobView.of(job, db, demo);
                        return path.startsWith("/live/") ? Pages.fragment("job-live.jte", "job", v)
                                : Pages.page(200, "job.jte", frame("Restore", "/restore", s), "job", v);
                    }
                    return null;
            }
        }
        switch (path) {
            case "/logout":
                sessions.end(s);
                return signInPage(200, "Signed out.").withHeader("Set-Cookie", Sessions.clearCookie());
            case "/restore/plan": return plan(call, s);
            case "/restore/run": return run(call);
            case "/alerts/ack":
                guardian.alerts().acknowledge(q.number(call.field("id")), "dashboard (" + s.who() + ")");
                return HttpReply.seeOther("/alerts");
            case "/demo/reset":
                if (demo == null) {
                    return null;
                }
                demo.simulateReset();
                return HttpReply.seeOther("/?reset=1");
            default: return null;
        }
    }

    private Pages.Frame frame(String title, String current, Sessions.Session s) {
        return Pages.frame(title, current, db, s.csrf(), demo != null);
    }

    private HttpReply signInPage(int status, String message) {
        return Pages.page(status, "login.jte", Pages.frame("Sign in", "", db, "", demo != null), "message", message);
    }

    private HttpReply signIn(Sessions.Session s, String refusal) {
        if (s == null) {
            return signInPage(401, refusal);
        }
        return HttpReply.seeOther("/").withHeader("Set-Cookie", Sessions.setCookie(s));
    }

    /** What the overview's live part shows: the verdict, its facts and (in the demo) the exchange. */
    record OverviewLive(OverviewView view, List<String> exchange) {}

    private OverviewLive overviewLive() {
        StatusReport report = status.report().withOpenAlerts(guardian.alerts().active());
        Settings st = guardian.settings();
        return new OverviewLive(OverviewView.of(db, st.production(), guardian.health(), report, guardian.clock().instant()),
                demo == null ? null : demo.exchange());
    }

    private TimelineReport timelineReport() {
        return status.timeline(db, guardian.alerts().history(200), guardian.clock().instant(), 120);
    }

    private HttpReply timeline(Sessions.Session s) {
        return Pages.page(200, "timeline.jte", frame("Timeline", "/timeline", s), "view", TimelineView.of(timelineReport()));
    }

    private HttpReply alerts(Sessions.Session s) {
        List<Alert> all = guardian.alerts().history(200);
        return Pages.page(200, "alerts.jte", frame("Alerts", "/alerts", s), "view",
                AlertsView.of(all, guardian.alerts().acknowledgements(all)));
    }

    /** The wizard's first step: the incidents to choose from, the collections of the newest snapshot, the point given. */
    private WizardView wizardStart(String point, String refusal, boolean overExisting) {
        TimelineReport t = timelineReport();
        SnapshotManifest newest = t.snapshots().stream().filter(m -> !m.isSafety()).reduce((a, b) -> b).orElse(null);
        return new WizardView(db, point == null ? "" : point, t.incidents().stream()
                .filter(i -> i.restorableUntil() != null).toList(),
                newest == null ? List.of() : newest.collections().stream().map(c -> c.name()).sorted().toList(),
                t.windows(), running(), refusal, overExisting);
    }

    private RestoreJobs.Job running() {
        return jobs.running();
    }

    private RestoreService.Planned planned(WizardChoice c) {
        return RestoreService.plan(guardian.repository(), db, null, c.restorePoint(guardian.clock()), c.request(db),
                guardian.clock(), Duration.ofSeconds(guardian.settings().intValue(ConfigKey.WIPE_WINDOW)));
    }

    private HttpReply plan(HttpCall call, Sessions.Session s) {
        WizardChoice c = WizardChoice.from(call.form());
        RestoreService.Planned p;
        try {
            p = planned(c);
        } catch (ProdguardException e) {
            // back to the choices, kept, with what was wrong
            return Pages.page(e.code() == dev.prodguard.error.ErrorCode.USAGE ? 400 : 409, "restore.jte",
                    frame("Restore", "/restore", s), "wizard", wizardStart(c.point(), e.getMessage(), c.overExisting()));
        }
        return Pages.page(200, "plan.jte", frame("Restore: the plan", "/restore", s), "plan", PlanView.of(p, c, db));
    }

    private HttpReply run(HttpCall call) {
        WizardChoice c = WizardChoice.from(call.form());
        RestoreService.Planned p = planned(c);
        SnapshotOptions options = SnapshotOptions.from(guardian.settings());
        RestoreJobs.Job job = jobs.start(p, progress -> RestoreService.execute(guardian.client(), guardian.repository(),
                options, guardian.clock(), p, progress, RestoreService.inPlace(db, null, p.plan().targetDb())));
        return HttpReply.seeOther("/restore/job/" + job.id);
    }

    @Override
    public void close() {
        jobs.close();
    }
}
