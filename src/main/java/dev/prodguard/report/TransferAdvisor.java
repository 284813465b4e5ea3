package dev.prodguard.report;

import dev.prodguard.report.Report.Source;
import dev.prodguard.report.Report.Transfer;

/**
 * The weekly transfer cap (Atlas M0: 10 GB in and out per rolling 7 days), pure: what prodguard read in the last 7
 * days (snapshots and capture, from the repository's manifests) and what the server moved for every client (its
 * network counters, when it shows them) against the cap; when prodguard's share is over the allowed share, a
 * snapshot schedule that fits (capture keeps reading only the changes).
 */
public final class TransferAdvisor {
    private TransferAdvisor() {}

    /**
     * The advice.
     *
     * @param capBytes the tier's cap per 7 days (0: none)
     * @param capFrom where the cap comes from (the tier, or PRODGUARD_TRANSFER_BUDGET_MB)
     * @param prodguardBytes what prodguard read in the last 7 days
     * @param snapshotBytes of which snapshots
     * @param newestSnapshotBytes the raw size of the newest snapshot (what one more snapshot reads)
     * @param applicationBytes what the server moved in 7 days for every client, null when it cannot tell
     * @param sharePct prodguard's allowed share of the cap ({@code PRODGUARD_TRANSFER_SHARE_PCT})
     */
    public static Transfer advise(Source source, long capBytes, String capFrom, long prodguardBytes, long snapshotBytes,
            long newestSnapshotBytes, Long applicationBytes, int sharePct) {
        String moved = "prodguard read " + Words.size(prodguardBytes) + " from the database in the last 7 days ("
                + Words.size(snapshotBytes) + " for snapshots, " + Words.size(prodguardBytes - snapshotBytes)
                + " for capture; raw BSON, a lower bound)";
        String app = applicationBytes == null ? "" : "; the server moved about " + Words.size(applicationBytes)
                + " in and out per 7 days for all clients, prodguard included";
        if (capBytes <= 0) {
            return new Transfer(source, 0, prodguardBytes, applicationBytes, null, false, moved + app + "; " + capFrom
                    + " has no weekly transfer cap.", null);
        }
        double share = (double) prodguardBytes / capBytes;
        String of = "; that is " + Words.pct(share) + " of the " + Words.size(capBytes) + " cap per 7 days (" + capFrom + ")";
        String total = applicationBytes == null ? "" : ", all clients together about " + Words.pct((double) applicationBytes
                / capBytes);
        boolean warning = share * 100 > sharePct;
        String suggestion = null;
        if (warning) {
            long room = (long) (capBytes * sharePct / 100.0) - (prodguardBytes - snapshotBytes);
            long perWeek = newestSnapshotBytes <= 0 ? 7 : Math.max(0, room / newestSnapshotBytes);
            if (perWeek >= 7) {
                suggestion = "Capture alone is within the share; the snapshots of this week were more than the schedule"
                        + " takes (extra backups by hand?): keep schedule.snapshot daily and take fewer by hand.";
            } else if (perWeek >= 1) {
                long every = (7 + perWeek - 1) / perWeek;
                suggestion = "Take a snapshot every " + every + " days instead (schedule.snapshot: \"every " + every
                        + "d\" in prodguard.yml): " + perWeek + " snapshot(s) of " + Words.size(newestSnapshotBytes)
                        + " a week fit in " + sharePct + " % of the cap; capture keeps every change restorable between them.";
            } else {
                suggestion = "Even one snapshot a week (" + Words.size(newestSnapshotBytes) + ") does not fit in " + sharePct
                        + " % of the cap: snapshot weekly (schedule.snapshot: \"0 2 * * 0\") and rely on capture, or move"
                        + " to a tier without the cap.";
            }
        }
        return new Transfer(source, capBytes, prodguardBytes, applicationBytes, share, warning, moved + app + of + total
                + (warning ? ", more than the " + sharePct + " % prodguard may use (PRODGUARD_TRANSFER_SHARE_PCT)." : "."),
                suggestion);
    }
}
