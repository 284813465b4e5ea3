package dev.prodguard.dataset;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a {@link BooksCheck}: per asset, the wallet total against the ledger total and the
 * fee entries against the recorded fee revenue, plus anything that made an exact comparison
 * impossible (a non-Decimal128 amount, a sum that came back as a double).
 */
public record BooksResult(List<AssetBooks> assets, List<String> problems) {
    public BooksResult {
        assets = List.copyOf(assets);
        problems = List.copyOf(problems);
    }

    /** One asset's totals. */
    public record AssetBooks(String asset, BigDecimal walletTotal, BigDecimal ledgerTotal,
            BigDecimal feeEntriesTotal, BigDecimal feeRevenueTotal) {
        /** Wallets total exactly the ledger (compared by value, so 1.50 equals 1.5). */
        public boolean balanced() {
            return walletTotal.compareTo(ledgerTotal) == 0;
        }

        /** The fee entries (negative, charged to users) are exactly the fee revenue, negated. */
        public boolean feesReconciled() {
            return feeEntriesTotal.negate().compareTo(feeRevenueTotal) == 0;
        }
    }

    /** True when every asset balances, fees reconcile, and every amount could be compared exactly. */
    public boolean balanced() {
        return problems.isEmpty() && assets.stream().allMatch(a -> a.balanced() && a.feesReconciled());
    }

    /** One line per discrepancy (empty when balanced), for messages. */
    public List<String> discrepancies() {
        List<String> lines = new ArrayList<>(problems);
        for (AssetBooks a : assets) {
            if (!a.balanced()) {
                lines.add(a.asset() + ": wallets total " + a.walletTotal().toPlainString() + " but the ledger totals "
                        + a.ledgerTotal().toPlainString() + " (difference "
                        + a.walletTotal().subtract(a.ledgerTotal()).toPlainString() + ")");
            }
            if (!a.feesReconciled()) {
                lines.add(a.asset() + ": fee entries total " + a.feeEntriesTotal().toPlainString()
                        + " but fee revenue records " + a.feeRevenueTotal().toPlainString());
            }
        }
        return lines;
    }

    /** A one-line summary: "books balance (6 assets)" or the first discrepancy and how many more. */
    public String summary() {
        List<String> d = discrepancies();
        if (d.isEmpty()) {
            return "books balance (" + assets.size() + " assets)";
        }
        return "books do NOT balance: " + d.get(0) + (d.size() > 1 ? " (and " + (d.size() - 1) + " more)" : "");
    }
}
