package dev.prodguard.guardian;

import com.mongodb.client.MongoClient;
import dev.prodguard.alert.EmailNotifier;
import dev.prodguard.alert.NotifierException;
import dev.prodguard.alert.SmtpUrl;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.monitor.SampleStore;
import dev.prodguard.report.Period;
import dev.prodguard.report.Report;
import dev.prodguard.report.ReportFiles;
import dev.prodguard.report.ReportService;
import dev.prodguard.repo.Repository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The guardian's scheduled reports ({@code schedule.report}, daily at 06:00 UTC by default): on a Monday the weekly
 * report, on the 1st of a month the monthly one, on the 1st of January, April, July and October the quarterly one,
 * each at most once a day, into {@code PRODGUARD_STATE_DIR/reports}, keeping the newest {@code PRODGUARD_REPORT_KEEP}
 * of each (0: none written); the weekly one is mailed when {@code PRODGUARD_REPORT_EMAIL} is true.
 */
final class ReportJob {
    private final ReportService service;
    private final Path dir;
    private final int keep;
    private final EmailNotifier mail;
    private final Clock clock;

    /** @throws ProdguardException CONFIG when mailing is asked for without PRODGUARD_SMTP_URL and PRODGUARD_ALERT_EMAIL */
    ReportJob(Settings settings, SampleStore samples, Repository repo, MongoClient client, Clock clock) {
        this.service = new ReportService(settings, samples, repo, client, clock);
        this.dir = ReportFiles.dir(settings.path(ConfigKey.STATE_DIR));
        this.keep = settings.intValue(ConfigKey.REPORT_KEEP);
        this.clock = clock;
        check(settings);
        if (settings.bool(ConfigKey.REPORT_EMAIL)) {
            this.mail = new EmailNotifier(SmtpUrl.parse(settings.get(ConfigKey.SMTP_URL).orElseThrow()),
                    settings.get(ConfigKey.ALERT_EMAIL).orElseThrow());
        } else {
            this.mail = null;
        }
    }

    /**
     * Checks the report settings before the guardian opens anything: the tier table, PRODGUARD_TIER, and mail settings
     * when PRODGUARD_REPORT_EMAIL is true. @throws ProdguardException CONFIG naming the key
     */
    static void check(Settings settings) {
        dev.prodguard.report.TierTable.from(settings).current(settings);
        if (settings.bool(ConfigKey.REPORT_EMAIL) && (settings.get(ConfigKey.SMTP_URL).isEmpty()
                || settings.get(ConfigKey.ALERT_EMAIL).isEmpty())) {
            throw ProdguardException.config("PRODGUARD_REPORT_EMAIL is true but PRODGUARD_SMTP_URL or PRODGUARD_ALERT_EMAIL"
                    + " is not set; set both, or set PRODGUARD_REPORT_EMAIL=false");
        }
    }

    /** The periods whose report is due on {@code day}. */
    static List<Period> due(LocalDate day) {
        List<Period> out = new ArrayList<>();
        if (day.getDayOfWeek() == DayOfWeek.MONDAY) {
            out.add(Period.WEEKLY);
        }
        if (day.getDayOfMonth() == 1) {
            out.add(Period.MONTHLY);
            if ((day.getMonthValue() - 1) % 3 == 0) {
                out.add(Period.QUARTERLY);
            }
        }
        return out;
    }

    /** Writes the reports due today that were not written today yet; returns the job's one-line summary. */
    String run() {
        if (keep == 0) {
            return "reports: off (PRODGUARD_REPORT_KEEP=0)";
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        List<String> done = new ArrayList<>();
        for (Period p : due(today)) {
            if (ReportFiles.writtenOn(dir, p.wireName(), today)) {
                continue; // already written today (schedule.report may run more often than daily)
            }
            Report r = service.build(p);
            ReportFiles.Saved saved = ReportFiles.save(dir, r);
            Path html = saved.html();
            ReportFiles.keep(dir, p.wireName(), keep);
            String line = p.wireName() + " report " + html.getFileName();
            if (p == Period.WEEKLY && mail != null) {
                try {
                    mail.sendDocument("prodguard weekly report: " + r.database() + " (" + today + ")", body(r, html),
                            html.getFileName().toString(), saved.htmlText());
                    line += " (mailed to " + mail.name().substring("email to ".length()) + ")";
                } catch (NotifierException e) {
                    throw new ProdguardException(ErrorCode.CONNECTION, line + " written, but not mailed: " + e.getMessage(), e);
                }
            }
            done.add(line);
        }
        return done.isEmpty() ? "reports: none due today" : "reports: " + String.join(", ", done);
    }

    private static String body(Report r, Path html) {
        StringBuilder b = new StringBuilder("The weekly maintenance report of " + r.database() + " is attached (" + html.getFileName()
                + "; open it in a browser; it also prints well).\n\n");
        if (r.capacity().recommendation() != null) {
            b.append(r.capacity().recommendation().sentence()).append("\n");
        }
        if (r.transfer().warning()) {
            b.append(r.transfer().sentence()).append("\n");
        }
        return b.append("\nThe guardian keeps it in ").append(html.getParent()).append(".\n").toString();
    }
}
