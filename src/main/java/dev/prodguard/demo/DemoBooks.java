package dev.prodguard.demo;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.dataset.BooksCheck;
import dev.prodguard.dataset.BooksResult;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.verify.Invariant;
import dev.prodguard.verify.Invariants;
import dev.prodguard.verify.RestoreTestReport.InvariantCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * The books-balance step of the demo: the invariants declared in the demo's prodguard.yml, evaluated
 * on the live database by the {@link Invariants} evaluator that {@code verify --restore} runs on a
 * restored one, plus the exact per-asset {@link BooksCheck}. An empty exchange does not count as balanced: after a wipe
 * there is nothing to balance, and the invariant alone would pass on an empty database.
 */
public final class DemoBooks {
    /** Everything the step found. */
    public record Report(List<InvariantCheck> invariants, BooksResult books, long wallets, long ledgerEntries) {
        /** True when every invariant held, the books balance exactly, and the exchange is not empty. */
        public boolean ok() {
            return wallets > 0 && ledgerEntries > 0 && books.balanced()
                    && invariants.stream().allMatch(InvariantCheck::ok);
        }

        /** The lines to print. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (InvariantCheck i : invariants) {
                out.add((i.ok() ? "  ✓ invariant '" : "  ✗ invariant '") + i.name() + "'" + (i.ok() ? " holds" : ": " + i.detail()));
            }
            out.add("  " + (books.balanced() ? "✓ " : "✗ ") + books.summary() + "; " + wallets + " wallet(s), "
                    + ledgerEntries + " ledger entr" + (ledgerEntries == 1 ? "y" : "ies"));
            if (wallets == 0 || ledgerEntries == 0) {
                out.add("  ✗ the exchange is empty: nothing to balance (was it wiped? restore it with"
                        + " 'prodguard restore --to before-last-drop')");
            }
            return out;
        }
    }

    private DemoBooks() {}

    /** Evaluates {@code invariants} and the books on {@code db} (read-only). */
    public static Report check(MongoDatabase db, List<Invariant> invariants) {
        return new Report(Invariants.evaluate(db, invariants), BooksCheck.evaluate(db),
                db.getCollection(ExchangeDataset.WALLETS).countDocuments(), db.getCollection(ExchangeDataset.TRANSACTIONS).countDocuments());
    }
}
