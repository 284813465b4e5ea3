package dev.prodguard.dataset;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Builds balanced {@link Transfer}s: the dataset generator uses it to write history, and a traffic
 * simulator can use it (with {@link IdSource#fresh()}) to append live operations that keep the books
 * balanced. Callers choose amounts that keep balances non-negative; this class only makes each
 * operation's entries add up. Not thread-safe (it draws from one {@link Random}).
 */
public final class Transfers {
    /** Spot trading fee, in basis points of the amount received. */
    public static final int TRADE_FEE_BPS = 10;
    /** P2P fee, in basis points of the amount sold, paid by the seller. */
    public static final int P2P_FEE_BPS = 25;

    private static final String[] NETWORKS = {"bitcoin", "ethereum", "tron", "solana", "xrpl", "polygon"};
    private static final String[] FIAT = {"NGN", "USD", "EUR", "KES", "GHS", "INR", "BRL"};
    private static final String[] PAYMENT = {"bank transfer", "mobile money", "SEPA", "UPI", "PIX", "cash deposit"};

    private final IdSource ids;
    private final Random random;

    public Transfers(IdSource ids, Random random) {
        this.ids = ids;
        this.random = random;
    }

    /** A deposit of {@code amount} into the user's wallet from the outside world. */
    public Transfer deposit(ObjectId user, Asset asset, BigDecimal amount, Instant at) {
        ObjectId transferId = ids.next(IdSource.Kind.TRANSFER, at);
        Document e = entry(transferId, user, asset, amount, "deposit", at)
                .append("network", network(asset))
                .append("txHash", hash())
                .append("confirmations", 6 + random.nextInt(60));
        return new Transfer("deposit", at, List.of(e), List.of(new Transfer.WalletChange(user, asset, amount)),
                List.of(), null);
    }

    /** A withdrawal of {@code amount} to an outside address, plus the asset's flat withdrawal fee. */
    public Transfer withdrawal(ObjectId user, Asset asset, BigDecimal amount, Instant at) {
        ObjectId transferId = ids.next(IdSource.Kind.TRANSFER, at);
        BigDecimal fee = asset.withdrawalFee();
        Document out = entry(transferId, user, asset, amount.negate(), "withdrawal", at)
                .append("network", network(asset))
                .append("toAddress", address(asset))
                .append("txHash", hash());
        Document feeEntry = entry(transferId, user, asset, fee.negate(), "fee", at).append("feeFor", "withdrawal");
        return new Transfer("withdrawal", at, List.of(out, feeEntry),
                List.of(new Transfer.WalletChange(user, asset, amount.add(fee).negate())),
                List.of(revenue(transferId, user, asset, fee, "withdrawal", at)), null);
    }

    /**
     * A spot trade: {@code buyer} pays {@code qty × price} of {@code quote} to {@code seller} for
     * {@code qty} of {@code base}; each side pays {@link #TRADE_FEE_BPS} on what it receives.
     */
    public Transfer trade(ObjectId buyer, ObjectId seller, Asset base, Asset quote, BigDecimal qty, BigDecimal price,
            Instant at) {
        ObjectId transferId = ids.next(IdSource.Kind.TRANSFER, at);
        BigDecimal cost = quote.round(qty.multiply(price));
        BigDecimal buyerFee = base.round(qty.multiply(BigDecimal.valueOf(TRADE_FEE_BPS)).movePointLeft(4));
        BigDecimal sellerFee = quote.round(cost.multiply(BigDecimal.valueOf(TRADE_FEE_BPS)).movePointLeft(4));
        String pair = base + "/" + quote;
        List<Document> ledger = new ArrayList<>(6);
        ledger.add(tradeEntry(transferId, buyer, base, qty, pair, "buy", price, at));
        ledger.add(tradeEntry(transferId, buyer, quote, cost.negate(), pair, "buy", price, at));
        ledger.add(entry(transferId, buyer, base, buyerFee.negate(), "fee", at).append("feeFor", "trade"));
        ledger.add(tradeEntry(transferId, seller, base, qty.negate(), pair, "sell", price, at));
        ledger.add(tradeEntry(transferId, seller, quote, cost, pair, "sell", price, at));
        ledger.add(entry(transferId, seller, quote, sellerFee.negate(), "fee", at).append("feeFor", "trade"));
        List<Transfer.WalletChange> changes = List.of(
                new Transfer.WalletChange(buyer, base, qty.subtract(buyerFee)),
                new Transfer.WalletChange(buyer, quote, cost.negate()),
                new Transfer.WalletChange(seller, base, qty.negate()),
                new Transfer.WalletChange(seller, quote, cost.subtract(sellerFee)));
        List<Document> fees = List.of(revenue(transferId, buyer, base, buyerFee, "trade", at),
                revenue(transferId, seller, quote, sellerFee, "trade", at));
        return new Transfer("trade", at, ledger, changes, fees, null);
    }

    /**
     * A P2P trade: {@code seller} releases {@code amount} from escrow to {@code buyer}, who paid in
     * fiat off-platform; the seller pays {@link #P2P_FEE_BPS}.
     */
    public Transfer p2p(ObjectId seller, ObjectId buyer, Asset asset, BigDecimal amount, Instant at) {
        ObjectId transferId = ids.next(IdSource.Kind.TRANSFER, at);
        BigDecimal fee = asset.round(amount.multiply(BigDecimal.valueOf(P2P_FEE_BPS)).movePointLeft(4));
        ObjectId tradeId = ids.next(IdSource.Kind.P2P, at);
        String fiat = FIAT[random.nextInt(FIAT.length)];
        BigDecimal rate = fiatRate(fiat);
        Document trade = new Document("_id", tradeId)
                .append("seller", seller)
                .append("buyer", buyer)
                .append("asset", asset.name())
                .append("amount", asset.decimal(amount))
                .append("fiat", new Document("currency", fiat)
                        .append("amount", new org.bson.types.Decimal128(amount.multiply(asset.usdPrice()).multiply(rate)
                                .setScale(2, RoundingMode.HALF_EVEN)))
                        .append("paymentMethod", PAYMENT[random.nextInt(PAYMENT.length)]))
                .append("status", "released")
                .append("escrow", new Document("lockedAt", Date.from(at.minusSeconds(600 + random.nextInt(3000))))
                        .append("paidAt", Date.from(at.minusSeconds(60 + random.nextInt(500))))
                        .append("releasedAt", Date.from(at)))
                .append("chat", List.of(
                        new Document("from", "buyer").append("text", "Paid, please check 🙏"),
                        new Document("from", "seller").append("text", "Received, releasing ✅")))
                .append("transferId", transferId);
        List<Document> ledger = List.of(
                entry(transferId, seller, asset, amount.negate(), "p2p", at).append("p2pTradeId", tradeId),
                entry(transferId, seller, asset, fee.negate(), "fee", at).append("feeFor", "p2p"),
                entry(transferId, buyer, asset, amount, "p2p", at).append("p2pTradeId", tradeId));
        List<Transfer.WalletChange> changes = List.of(
                new Transfer.WalletChange(seller, asset, amount.add(fee).negate()),
                new Transfer.WalletChange(buyer, asset, amount));
        return new Transfer("p2p", at, ledger, changes, List.of(revenue(transferId, seller, asset, fee, "p2p", at)),
                trade);
    }

    private Document entry(ObjectId transferId, ObjectId user, Asset asset, BigDecimal amount, String type,
            Instant at) {
        return new Document("_id", ids.next(IdSource.Kind.LEDGER, at))
                .append("transferId", transferId)
                .append("userId", user)
                .append("asset", asset.name())
                .append("amount", asset.decimal(amount))
                .append("type", type)
                .append("status", "completed")
                .append("createdAt", Date.from(at));
    }

    private Document tradeEntry(ObjectId transferId, ObjectId user, Asset asset, BigDecimal amount, String pair,
            String side, BigDecimal price, Instant at) {
        return entry(transferId, user, asset, amount, "trade", at)
                .append("pair", pair)
                .append("side", side)
                .append("price", new org.bson.types.Decimal128(price));
    }

    private Document revenue(ObjectId transferId, ObjectId user, Asset asset, BigDecimal fee, String source,
            Instant at) {
        return new Document("_id", ids.next(IdSource.Kind.FEE, at))
                .append("transferId", transferId)
                .append("userId", user)
                .append("asset", asset.name())
                .append("amount", asset.decimal(fee))
                .append("source", source)
                .append("at", Date.from(at));
    }

    private String network(Asset asset) {
        return switch (asset) {
            case BTC -> NETWORKS[0];
            case ETH -> NETWORKS[1];
            case SOL -> NETWORKS[3];
            case XRP -> NETWORKS[4];
            default -> random.nextBoolean() ? NETWORKS[2] : NETWORKS[random.nextBoolean() ? 1 : 5];
        };
    }

    /** A plausible deposit address for the asset (random, not a real key). */
    String address(Asset asset) {
        byte[] b = new byte[20];
        random.nextBytes(b);
        String hex = HexFormat.of().formatHex(b);
        return switch (asset) {
            case BTC -> "bc1q" + hex.substring(0, 38);
            case SOL -> "So" + hex.substring(0, 40);
            case XRP -> "r" + hex.substring(0, 33);
            default -> "0x" + hex;
        };
    }

    private String hash() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static BigDecimal fiatRate(String fiat) {
        return switch (fiat) {
            case "NGN" -> new BigDecimal("1540");
            case "EUR" -> new BigDecimal("0.92");
            case "KES" -> new BigDecimal("129");
            case "GHS" -> new BigDecimal("15.2");
            case "INR" -> new BigDecimal("83.4");
            case "BRL" -> new BigDecimal("5.1");
            default -> BigDecimal.ONE;
        };
    }
}
