package dev.prodguard.checklist;

import dev.prodguard.doctor.Doctor;
import dev.prodguard.doctor.DoctorReport;
import dev.prodguard.doctor.LayerResult;

/** The cluster answers and the guide's connection test (write, read, delete) passes: {@code prodguard doctor}. */
final class ClusterReachableItem extends BaseItem {
    ClusterReachableItem() {
        // doctor's layers wait one after another: DNS, TCP, TLS, handshake, database checks
        super("cluster-reachable", "Cluster running and connection string tested (prodguard doctor)", 8,
                Stage.PRE_LIVE, Stage.POST_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) throws InterruptedException {
        String db = ctx.settings().dbName();
        DoctorReport report = new Doctor(ctx.timeoutMs()).run(ctx.settings().mongo(), db);
        if (report.ok()) {
            return ItemResult.pass(this, "doctor passed against " + report.target() + " (database " + db + ", "
                    + report.totalMillis() + " ms)");
        }
        LayerResult failed = report.firstFailure().orElse(null);
        if (failed == null) {
            return ItemResult.fail(this, "doctor did not complete", "run 'prodguard doctor' for the full diagnosis");
        }
        return ItemResult.fail(this, "doctor failed at " + failed.layer().title() + ": " + failed.summary(),
                (failed.remedy() == null ? "" : failed.remedy().replaceFirst("\\.$", "") + "; ")
                        + "details: prodguard doctor");
    }
}
