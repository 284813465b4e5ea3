package dev.prodguard.dataset;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * One balanced business operation (deposit, withdrawal, spot trade, P2P trade): the ledger entries
 * it appends and the wallet changes that go with them. Per asset, the wallet changes add up to
 * exactly the ledger amounts; the constructor refuses anything else, so whoever applies transfers
 * keeps the books balanced.
 *
 * @param kind what happened: deposit, withdrawal, trade or p2p
 * @param at when it happened
 * @param ledger entries for the {@code transactions} collection (signed Decimal128 {@code amount})
 * @param walletChanges one per (user, asset) whose balance moves
 * @param feeRevenue documents for {@code fee_revenue} (the exchange's income from the fee entries)
 * @param p2pTrade the {@code p2p_trades} document, or null
 */
public record Transfer(String kind, Instant at, List<Document> ledger, List<WalletChange> walletChanges,
        List<Document> feeRevenue, Document p2pTrade) {

    /** A change of one user's balance in one asset. */
    public record WalletChange(ObjectId userId, Asset asset, BigDecimal delta) {}

    public Transfer {
        ledger = List.copyOf(ledger);
        walletChanges = List.copyOf(walletChanges);
        feeRevenue = List.copyOf(feeRevenue);
        Map<Asset, BigDecimal> fromLedger = new EnumMap<>(Asset.class);
        for (Document e : ledger) {
            Asset a = Asset.valueOf(e.getString("asset"));
            fromLedger.merge(a, e.get("amount", Decimal128.class).bigDecimalValue(), BigDecimal::add);
        }
        Map<Asset, BigDecimal> fromWallets = new EnumMap<>(Asset.class);
        for (WalletChange c : walletChanges) {
            fromWallets.merge(c.asset(), c.delta(), BigDecimal::add);
        }
        for (Asset a : Asset.values()) {
            BigDecimal l = fromLedger.getOrDefault(a, BigDecimal.ZERO);
            BigDecimal w = fromWallets.getOrDefault(a, BigDecimal.ZERO);
            if (l.compareTo(w) != 0) {
                throw new IllegalArgumentException(kind + " transfer does not balance in " + a + ": ledger " + l
                        + ", wallets " + w);
            }
        }
    }

    /**
     * Writes this transfer: ledger entries, fee revenue and P2P trade first, then each wallet's
     * {@code $inc} (upserting a wallet that does not exist yet). Not atomic: without a
     * multi-document transaction a crash in between leaves the books unbalanced, which is exactly
     * what the books check reports.
     */
    public void applyTo(MongoDatabase db) {
        db.getCollection(ExchangeDataset.TRANSACTIONS).insertMany(ledger);
        if (!feeRevenue.isEmpty()) {
            db.getCollection(ExchangeDataset.FEE_REVENUE).insertMany(feeRevenue);
        }
        if (p2pTrade != null) {
            db.getCollection(ExchangeDataset.P2P_TRADES).insertOne(p2pTrade);
        }
        for (WalletChange c : walletChanges) {
            db.getCollection(ExchangeDataset.WALLETS).updateOne(
                    Filters.and(Filters.eq("userId", c.userId()), Filters.eq("asset", c.asset().name())),
                    Updates.combine(Updates.inc("balance", new Decimal128(c.delta())),
                            Updates.set("updatedAt", Date.from(at)),
                            Updates.setOnInsert("locked", c.asset().decimal(BigDecimal.ZERO)),
                            Updates.setOnInsert("createdAt", Date.from(at))),
                    new UpdateOptions().upsert(true));
        }
    }
}
