package dev.prodguard.checklist;

import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import dev.prodguard.connect.ConnectionProblem;
import dev.prodguard.error.ProdguardException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code prodguard check} as a service: the guide's deployment checklists ("Before Going Live", "After
 * Going Live") as items that each pass, fail with a remedy, or ask a person to confirm. Items run
 * side by side and independently: one failing, throwing or hanging never hides another; an item
 * that talks to the network is abandoned after its budget of connect timeouts.
 */
public final class Checklist {
    private final List<CheckItem> items;

    /** A checklist of the given items (tests); {@link #standard()} is the real one. */
    public Checklist(List<CheckItem> items) {
        this.items = List.copyOf(items);
    }

    /** Every item of both of the guide's lists, in the guide's order. */
    public static Checklist standard() {
        return new Checklist(List.of(
                new ClusterReachableItem(),
                new EnvironmentItem(),
                ManualItem.networkAccess(),
                new TlsItem(),
                new GateItem(),
                new SourceSecretsItem(),
                new DotEnvItem(),
                new AlertsItem(),
                new BackupItem(),
                new PasswordRotationItem(),
                ManualItem.atlasAccess(),
                new FirstTransactionsItem(),
                ManualItem.poolMonitoring(),
                new RestoreTestScheduledItem(),
                ManualItem.disasterRecovery()));
    }

    /** The items of one stage, in order. */
    public List<CheckItem> items(Stage stage) {
        return items.stream().filter(i -> i.stages().contains(stage)).toList();
    }

    /** Runs every item of the stage and returns their results in order. */
    public ChecklistReport run(Stage stage, CheckContext ctx) throws InterruptedException {
        long start = System.nanoTime();
        List<CheckItem> selected = items(stage);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, selected.size()), r -> {
            Thread t = new Thread(r, "prodguard-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ItemResult>> futures = new ArrayList<>();
            for (CheckItem item : selected) {
                futures.add(pool.submit(() -> timed(item, ctx)));
            }
            List<ItemResult> results = new ArrayList<>();
            for (int i = 0; i < selected.size(); i++) {
                results.add(await(selected.get(i), futures.get(i), start, ctx.timeoutMs()));
            }
            return new ChecklistReport(stage, results, (System.nanoTime() - start) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ItemResult await(CheckItem item, Future<ItemResult> f, long start, int timeoutMs)
            throws InterruptedException {
        try {
            if (item.waits() <= 0) {
                return f.get();
            }
            long budget = (long) item.waits() * timeoutMs;
            long left = TimeUnit.MILLISECONDS.toNanos(budget) - (System.nanoTime() - start);
            try {
                return f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                return ItemResult.fail(item, "no answer within " + budget + " ms (" + item.waits()
                        + " x PRODGUARD_CONNECT_TIMEOUT_MS)", "run 'prodguard doctor' to see which layer is slow;"
                        + " raise PRODGUARD_CONNECT_TIMEOUT_MS for a slow link").withMillis(budget);
            }
        } catch (ExecutionException e) {
            return ItemResult.fail(item, "internal error: " + e.getCause().getClass().getSimpleName(),
                    "run again with --verbose and report it");
        }
    }

    /** Runs one item, turning every failure it throws into a FAIL result of that item. */
    private static ItemResult timed(CheckItem item, CheckContext ctx) {
        long start = System.nanoTime();
        ItemResult r;
        try {
            r = item.run(ctx);
        } catch (ProdguardException e) {
            r = ItemResult.fail(item, e.getMessage(), switch (e.code()) {
                case CONFIG -> "fix the setting named above, then run the check again";
                case CONNECTION -> "run 'prodguard doctor' to see which layer fails";
                default -> "fix what the message names, then run the check again";
            });
        } catch (MongoTimeoutException e) {
            r = ItemResult.fail(item, "no database server answered within " + ctx.timeoutMs()
                    + " ms (PRODGUARD_CONNECT_TIMEOUT_MS)", "run 'prodguard doctor' to see which layer fails");
        } catch (MongoSecurityException e) {
            r = ItemResult.fail(item, "the database refused the MONGO_URL credentials (authentication failed)",
                    "run 'prodguard doctor' to see which layer fails");
        } catch (MongoException e) {
            ConnectionProblem p = ConnectionProblem.of(e);
            r = ItemResult.fail(item, p.cause(), p.remedy());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r = ItemResult.fail(item, "interrupted", "run the check again");
        } catch (Exception e) {
            r = ItemResult.fail(item, "internal error: " + e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage()), "run again with --verbose and report it");
        }
        return r.withMillis((System.nanoTime() - start) / 1_000_000);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String line = s.split("\n", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
