package dev.prodguard.web.dashboard;

import dev.prodguard.error.ProdguardException;
import dev.prodguard.restore.RestorePoint;
import dev.prodguard.restore.RestoreRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the restore wizard's form chose: the point ({@code wipe:<id>} or an instant), the scope (the whole
 * database, or some collections) and the target (a new database, the default; or over the existing one, which
 * needs its name typed exactly). Parsed from the form's fields; {@link #check} refuses what may not run.
 *
 * @param confirm what the user typed to confirm a restore over the existing database
 */
record WizardChoice(String point, boolean some, List<String> collections, boolean overExisting, String confirm) {
    /** The field prefix of the scope's collection boxes: {@code include:<collection>}. */
    static final String INCLUDE = "include:";

    /** Reads the form. */
    static WizardChoice from(Map<String, String> form) {
        List<String> cols = new ArrayList<>(new TreeSet<>(form.keySet().stream().filter(k -> k.startsWith(INCLUDE))
                .map(k -> k.substring(INCLUDE.length())).toList()));
        String point = form.getOrDefault("point", "").strip();
        if (point.isEmpty() || point.equals("instant")) {
            point = form.getOrDefault("instant", "").strip();
        }
        return new WizardChoice(point, "some".equals(form.get("scope")), cols, "existing".equals(form.get("target")),
                form.getOrDefault("confirm", ""));
    }

    /**
     * The restore point, checked.
     *
     * @throws ProdguardException USAGE when no point was chosen or it is not one
     */
    RestorePoint restorePoint(Clock clock) {
        if (point.isEmpty()) {
            throw ProdguardException.usage("choose a point: just before an incident, or an instant such as"
                    + " 2026-11-25T10:41:59Z");
        }
        return RestorePoint.parse(point, clock);
    }

    /**
     * The request for {@code db}.
     *
     * @throws ProdguardException REFUSED over the existing database until its name is typed exactly; USAGE for
     *     "some collections" with none ticked
     */
    RestoreRequest request(String db) {
        if (some && collections.isEmpty()) {
            throw ProdguardException.usage("tick at least one collection, or choose the whole database");
        }
        if (overExisting && !confirm.strip().equals(db)) {
            throw ProdguardException.refused("restoring over the existing database replaces its collections: type its"
                    + " name, " + db + ", in the confirmation box to go on (a safety snapshot of it is taken first)");
        }
        return new RestoreRequest(overExisting ? db : null, some ? collections : List.of(), List.of(), overExisting);
    }
}
