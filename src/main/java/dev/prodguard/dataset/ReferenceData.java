package dev.prodguard.dataset;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;

/** The small, fixed collections of the demo exchange: {@code admin_settings} and {@code platform_config}. */
final class ReferenceData {
    private static final Date UPDATED = Date.from(Instant.parse("2025-06-01T09:00:00Z"));

    private ReferenceData() {}

    static List<Document> adminSettings() {
        List<Document> docs = new ArrayList<>();
        docs.add(new Document("_id", "withdrawals")
                .append("manualReviewAboveUsd", new Decimal128(new BigDecimal("10000.00")))
                .append("dailyLimitUsd", new Document("unverified", new Decimal128(new BigDecimal("0.00")))
                        .append("level1", new Decimal128(new BigDecimal("2000.00")))
                        .append("level2", new Decimal128(new BigDecimal("50000.00")))
                        .append("level3", new Decimal128(new BigDecimal("250000.00"))))
                .append("paused", false)
                .append("updatedAt", UPDATED).append("updatedBy", "ops-lead"));
        docs.add(new Document("_id", "kyc")
                .append("provider", "in-house")
                .append("requiredForTrading", true)
                .append("acceptedDocuments", List.of("passport", "national_id", "drivers_license"))
                .append("updatedAt", UPDATED));
        docs.add(new Document("_id", "p2p")
                .append("escrowTimeoutMinutes", 30)
                .append("feeBps", Transfers.P2P_FEE_BPS)
                .append("disputeTeam", List.of("support-1", "support-2"))
                .append("updatedAt", UPDATED));
        docs.add(new Document("_id", "admins")
                .append("members", List.of(
                        new Document("email", "ops-lead@example.com").append("role", "superadmin").append("twoFactor", true),
                        new Document("email", "compliance-1@example.com").append("role", "compliance").append("twoFactor", true),
                        new Document("email", "support-1@example.com").append("role", "support").append("twoFactor", true)))
                .append("updatedAt", UPDATED));
        docs.add(new Document("_id", "alerts")
                .append("largeWithdrawalUsd", new Decimal128(new BigDecimal("25000.00")))
                .append("notify", List.of("ops-lead@example.com"))
                .append("updatedAt", UPDATED));
        return docs;
    }

    static List<Document> platformConfig() {
        List<Document> docs = new ArrayList<>();
        List<Document> pairs = new ArrayList<>();
        for (Asset base : Asset.values()) {
            if (!base.stable()) {
                for (Asset quote : List.of(Asset.USDT, Asset.USDC)) {
                    pairs.add(new Document("symbol", base + "/" + quote).append("base", base.name())
                            .append("quote", quote.name()).append("enabled", true)
                            .append("minQty", new Decimal128(BigDecimal.ONE.movePointLeft(Math.min(base.scale(), 6)))));
                }
            }
        }
        docs.add(new Document("_id", "trading_pairs").append("pairs", pairs).append("updatedAt", UPDATED));
        Document withdrawalFees = new Document();
        for (Asset a : Asset.values()) {
            withdrawalFees.append(a.name(), a.decimal(a.withdrawalFee()));
        }
        docs.add(new Document("_id", "fees")
                .append("spotBps", Transfers.TRADE_FEE_BPS)
                .append("p2pBps", Transfers.P2P_FEE_BPS)
                .append("withdrawal", withdrawalFees)
                .append("updatedAt", UPDATED));
        docs.add(new Document("_id", "maintenance")
                .append("enabled", false)
                .append("message", "Scheduled maintenance — trading pauses for 10 minutes. 🛠")
                .append("updatedAt", UPDATED));
        docs.add(new Document("_id", "features")
                .append("p2p", true).append("staking", false).append("referrals", true)
                .append("updatedAt", UPDATED));
        return docs;
    }
}
