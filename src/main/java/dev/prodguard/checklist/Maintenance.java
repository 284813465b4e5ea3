package dev.prodguard.checklist;

import java.util.List;

/**
 * The guide's maintenance rhythm (weekly, monthly, quarterly), item by item: which items prodguard does or reports
 * by itself and which need a person, with what that person does. The maintenance report lists them per period.
 */
public final class Maintenance {
    private Maintenance() {}

    /**
     * One item.
     *
     * @param period weekly, monthly or quarterly
     * @param needsPerson true when only a person can do it; false when prodguard does or reports it
     * @param whatToDo the instruction (for prodguard's items: where it shows)
     */
    public record Item(String period, String title, boolean needsPerson, String whatToDo) {}

    /** Every item of the guide's list, in its order. */
    public static final List<Item> ITEMS = List.of(
            new Item("weekly", "Check database size and growth", false,
                    "prodguard's report: the size and growth section and the capacity advisor"),
            new Item("weekly", "Review slow queries", true,
                    "read the report's slow operations, worst shape first; add an index for a shape that scans or"
                            + " rewrite the query, then compare next week's report"),
            new Item("weekly", "Check connection pool usage", false,
                    "prodguard's report: connections against the limit; the guardian alerts at 80 %"),
            new Item("monthly", "Review and optimize indexes", true,
                    "read the report's index review: drop an index that is a prefix of another or unused for the whole"
                            + " observation window (check with the team first: a monthly job may need it), add one"
                            + " where a collection is scanned"),
            new Item("monthly", "Check for unused collections", true,
                    "read the report's unused and empty collections; ask their owner, then back up and drop what is"
                            + " dead ('prodguard backup' first)"),
            new Item("monthly", "Review security logs", true,
                    "in Atlas > Project > Activity Feed and Database Access History, look for failed sign-ins, new"
                            + " users and access-list changes nobody asked for"),
            new Item("quarterly", "Rotate database passwords", true,
                    "run 'prodguard roles rotate USER' for each user the report shows older than 90 days, then update"
                            + " the deployment's secret"),
            new Item("quarterly", "Review user access permissions", true,
                    "read the report's users and roles: remove users nobody uses, and any role wider than the app"
                            + " needs ('prodguard roles plan' shows the least-privilege set)"),
            new Item("quarterly", "Test backup restoration", false,
                    "the guardian's scheduled restore test ('prodguard verify --restore'); the report's backup health"
                            + " shows the last result; once a quarter a person also restores by hand from docs/commands.md"));
}
