package dev.prodguard.dataset;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What {@link ExchangeDataset} wrote: documents per collection and, per asset, the total of the
 * ledger (which equals the total of the wallets by construction).
 */
public record DatasetSummary(long seed, int users, Map<String, Long> documents, Map<Asset, BigDecimal> ledgerTotals) {
    public DatasetSummary {
        documents = Map.copyOf(documents);
        ledgerTotals = Map.copyOf(ledgerTotals);
    }

    /** Documents written in all collections. */
    public long totalDocuments() {
        return documents.values().stream().mapToLong(Long::longValue).sum();
    }
}
