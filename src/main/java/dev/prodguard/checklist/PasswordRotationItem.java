package dev.prodguard.checklist;

import dev.prodguard.roles.PasswordAges;
import java.util.List;

/** The guide's 90-day password rotation: no recorded database password is older than that ({@code roles ages}). */
final class PasswordRotationItem extends BaseItem {
    PasswordRotationItem() {
        super("password-rotation", "Database passwords rotated within 90 days", 0, Stage.PRE_LIVE, Stage.POST_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        PasswordAges ages = PasswordAges.of(ctx.settings(), ctx.clock());
        List<PasswordAges.UserAge> all = ages.all();
        if (all.isEmpty()) {
            return ItemResult.manual(this, "no password ages recorded yet",
                    "create the users with 'prodguard roles apply' (or record a rotation with 'prodguard roles rotate"
                            + " USER') so their age is tracked; until then note the date each password was set");
        }
        List<PasswordAges.UserAge> overdue = ages.overdue();
        List<String> notes = all.stream().map(a -> a.user() + ": password set " + a.days() + " days ago"
                + (a.overdue() ? " (overdue)" : "")).toList();
        if (overdue.isEmpty()) {
            return ItemResult.pass(this, all.size() + " recorded password(s), oldest " + all.get(0).days()
                    + " days").withNotes(notes);
        }
        PasswordAges.UserAge oldest = overdue.get(0);
        return ItemResult.fail(this, overdue.size() + " password(s) older than "
                + PasswordAges.ROTATION_PERIOD.toDays() + " days (oldest: " + oldest.user() + ", " + oldest.days()
                + " days)", "run 'prodguard roles rotate " + oldest.user() + "'"
                + (overdue.size() > 1 ? " (and for each overdue user: prodguard roles ages)" : "")).withNotes(notes);
    }
}
