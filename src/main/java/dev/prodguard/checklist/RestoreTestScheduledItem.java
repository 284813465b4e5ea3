package dev.prodguard.checklist;

import dev.prodguard.text.Durations;
import java.time.Duration;
import java.util.Optional;

/** The guide's "set up regular backup verification": prodguard.yml has {@code schedule: verify:} (see {@link RestoreTestSchedule}). */
final class RestoreTestScheduledItem extends BaseItem {
    RestoreTestScheduledItem() {
        super("verify-scheduled", "Regular backup verification scheduled", 0, Stage.POST_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        Optional<Duration> every = RestoreTestSchedule.of(ctx.settings());
        if (every.isEmpty()) {
            return ItemResult.fail(this, "prodguard.yml has no schedule.verify entry",
                    "add to prodguard.yml:  schedule: {verify: \"0 3 * * 0\"}  (the guardian, 'prodguard run', then"
                            + " restore-tests the latest snapshot at that interval)");
        }
        return ItemResult.pass(this, "restore test every " + Durations.human(every.get())
                + " (schedule.verify; run by the guardian)");
    }
}
