package dev.prodguard.dataset;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.error.ProdguardException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A deterministic, exchange-shaped dataset: users with unicode names and KYC state, per-asset
 * wallets with Decimal128 balances, a ledger ({@code transactions}) of deposits, withdrawals, spot
 * trades, P2P trades and fees, {@code p2p_trades}, {@code fee_revenue}, {@code admin_settings} and
 * {@code platform_config}. The same seed and size always give the same documents (ids included).
 *
 * <p>The books balance by construction: every ledger entry comes from a balanced {@link Transfer},
 * and each wallet's balance is the sum of its entries, so per asset the wallets total the ledger
 * ({@link BooksCheck} proves it over the wire). Users are generated in blocks of
 * {@value #BLOCK_USERS} (trade counterparties come from the same block), so memory stays bounded
 * whatever the size. About 36 documents and 8 KB of BSON per user.
 */
public final class ExchangeDataset {
    public static final String USERS = "users";
    public static final String WALLETS = "wallets";
    public static final String TRANSACTIONS = "transactions";
    public static final String P2P_TRADES = "p2p_trades";
    public static final String FEE_REVENUE = "fee_revenue";
    public static final String ADMIN_SETTINGS = "admin_settings";
    public static final String PLATFORM_CONFIG = "platform_config";
    /** Every collection the dataset writes, in the order it writes them. */
    public static final List<String> COLLECTIONS =
            List.of(USERS, WALLETS, TRANSACTIONS, P2P_TRADES, FEE_REVENUE, ADMIN_SETTINGS, PLATFORM_CONFIG);

    static final int BLOCK_USERS = 200;
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final int INSERT_BATCH = 1000;

    private final long seed;
    private final int users;
    private final int blockUsers;

    /** A dataset of {@code users} users generated from {@code seed}. */
    public ExchangeDataset(long seed, int users) {
        this(seed, users, BLOCK_USERS);
    }

    /** As above with a smaller block (tests cover several blocks with few users). */
    ExchangeDataset(long seed, int users, int blockUsers) {
        if (users < 2) {
            throw new IllegalArgumentException("an exchange needs at least 2 users, got " + users);
        }
        if (blockUsers < 2) {
            throw new IllegalArgumentException("a block needs at least 2 users, got " + blockUsers);
        }
        this.seed = seed;
        this.users = users;
        this.blockUsers = blockUsers;
    }

    /**
     * Writes the dataset into {@code db}, which must not hold any of its collections yet.
     *
     * @throws ProdguardException REFUSED when one of the collections already has documents
     */
    public DatasetSummary writeTo(MongoDatabase db) {
        for (String c : COLLECTIONS) {
            if (db.getCollection(c).estimatedDocumentCount() > 0) {
                throw ProdguardException.refused("database " + db.getName() + " already has documents in " + c
                        + "; generate the dataset into an empty database");
            }
        }
        Random random = new Random(seed);
        IdSource ids = IdSource.sequential();
        Transfers transfers = new Transfers(ids, random);
        BatchWriter out = new BatchWriter(db, INSERT_BATCH);
        Map<Asset, BigDecimal> totals = new EnumMap<>(Asset.class);
        for (int start = 0; start < users; start += blockUsers) {
            new Block(start, Math.min(blockUsers, users - start), random, ids, transfers, out, totals).generate();
        }
        out.addAll(ADMIN_SETTINGS, ReferenceData.adminSettings());
        out.addAll(PLATFORM_CONFIG, ReferenceData.platformConfig());
        Map<String, Long> written = new LinkedHashMap<>();
        Map<String, Long> counts = out.finish();
        for (String c : COLLECTIONS) {
            written.put(c, counts.getOrDefault(c, 0L));
        }
        return new DatasetSummary(seed, users, written, totals);
    }

    /** One block of users, their history and their wallets; counterparties come from the same block. */
    private static final class Block {
        private final int first;
        private final int size;
        private final Random random;
        private final IdSource ids;
        private final Transfers transfers;
        private final BatchWriter out;
        private final Map<Asset, BigDecimal> totals;
        private final ObjectId[] userIds;
        private final Instant[] clocks;
        private final List<Map<Asset, BigDecimal>> balances = new ArrayList<>();
        private final Map<ObjectId, Integer> index = new HashMap<>();

        Block(int first, int size, Random random, IdSource ids, Transfers transfers, BatchWriter out,
                Map<Asset, BigDecimal> totals) {
            this.first = first;
            this.size = size;
            this.random = random;
            this.ids = ids;
            this.transfers = transfers;
            this.out = out;
            this.totals = totals;
            this.userIds = new ObjectId[size];
            this.clocks = new Instant[size];
        }

        void generate() {
            Instant[] created = new Instant[size];
            for (int i = 0; i < size; i++) {
                created[i] = EPOCH.plusSeconds(random.nextInt(86_400 * 365));
                clocks[i] = created[i];
                userIds[i] = ids.next(IdSource.Kind.USER, created[i]);
                index.put(userIds[i], i);
                balances.add(new EnumMap<>(Asset.class));
                out.add(USERS, UserProfiles.profile(userIds[i], first + i + 1L, created[i], random));
            }
            for (int i = 0; i < size; i++) {
                deposits(i);
            }
            for (int i = 0; i < size; i++) {
                int trades = 3 + random.nextInt(8);
                for (int t = 0; t < trades; t++) {
                    trade(i);
                }
                if (random.nextInt(10) < 4) {
                    p2p(i);
                }
                int withdrawals = random.nextInt(3);
                for (int w = 0; w < withdrawals; w++) {
                    withdrawal(i);
                }
            }
            for (int i = 0; i < size; i++) {
                wallets(i, created[i]);
            }
        }

        private void deposits(int i) {
            List<Asset> held = new ArrayList<>(List.of(Asset.USDT));
            for (Asset a : Asset.values()) {
                if (a != Asset.USDT && random.nextInt(10) < 4) {
                    held.add(a);
                }
            }
            for (Asset a : held) {
                int n = 1 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    BigDecimal usd = BigDecimal.valueOf(50 + random.nextInt(20_000));
                    BigDecimal amount = a.round(usd.divide(a.usdPrice(), a.scale() + 2, java.math.RoundingMode.DOWN));
                    apply(transfers.deposit(userIds[i], a, amount, tick(i)));
                }
            }
        }

        private void trade(int i) {
            if (size < 2) {
                return;
            }
            int j = other(i);
            Asset[] bases = {Asset.BTC, Asset.ETH, Asset.SOL, Asset.XRP};
            Asset base = bases[random.nextInt(bases.length)];
            Asset quote = random.nextInt(4) == 0 ? Asset.USDC : Asset.USDT;
            boolean iBuys = random.nextBoolean();
            int buyer = iBuys ? i : j;
            int seller = iBuys ? j : i;
            BigDecimal price = base.usdPrice().multiply(BigDecimal.valueOf(900 + random.nextInt(201))).movePointLeft(3);
            BigDecimal usd = BigDecimal.valueOf(20 + random.nextInt(3000));
            BigDecimal qty = base.round(usd.divide(price, base.scale() + 2, java.math.RoundingMode.DOWN));
            BigDecimal cost = quote.round(qty.multiply(price));
            if (qty.signum() <= 0 || cost.signum() <= 0
                    || balance(seller, base).compareTo(qty) < 0 || balance(buyer, quote).compareTo(cost) < 0) {
                return;
            }
            Instant at = later(i, j);
            apply(transfers.trade(userIds[buyer], userIds[seller], base, quote, qty, price, at));
        }

        private void p2p(int i) {
            if (size < 2) {
                return;
            }
            int j = other(i);
            Asset asset = random.nextBoolean() ? Asset.USDT : Asset.BTC;
            BigDecimal available = balance(i, asset);
            BigDecimal amount = asset.round(available.multiply(BigDecimal.valueOf(5 + random.nextInt(25))).movePointLeft(2));
            BigDecimal fee = asset.round(amount.multiply(BigDecimal.valueOf(Transfers.P2P_FEE_BPS)).movePointLeft(4));
            if (amount.signum() <= 0 || amount.add(fee).compareTo(available) > 0) {
                return;
            }
            apply(transfers.p2p(userIds[i], userIds[j], asset, amount, later(i, j)));
        }

        private void withdrawal(int i) {
            List<Asset> held = new ArrayList<>(balances.get(i).keySet());
            Asset asset = held.get(random.nextInt(held.size()));
            BigDecimal available = balance(i, asset);
            BigDecimal amount = asset.round(available.multiply(BigDecimal.valueOf(5 + random.nextInt(35))).movePointLeft(2));
            if (amount.signum() <= 0 || amount.add(asset.withdrawalFee()).compareTo(available) > 0) {
                return;
            }
            apply(transfers.withdrawal(userIds[i], asset, amount, tick(i)));
        }

        private void wallets(int i, Instant created) {
            for (Map.Entry<Asset, BigDecimal> e : balances.get(i).entrySet()) {
                Asset a = e.getKey();
                out.add(WALLETS, new Document("_id", ids.next(IdSource.Kind.WALLET, created))
                        .append("userId", userIds[i])
                        .append("asset", a.name())
                        .append("balance", a.decimal(e.getValue()))
                        .append("locked", a.decimal(BigDecimal.ZERO))
                        .append("depositAddress", transfers.address(a))
                        .append("createdAt", Date.from(created))
                        .append("updatedAt", Date.from(clocks[i])));
            }
        }

        private void apply(Transfer t) {
            for (Transfer.WalletChange c : t.walletChanges()) {
                balances.get(index.get(c.userId())).merge(c.asset(), c.delta(), BigDecimal::add);
                totals.merge(c.asset(), c.delta(), BigDecimal::add);
            }
            out.addAll(TRANSACTIONS, t.ledger());
            out.addAll(FEE_REVENUE, t.feeRevenue());
            if (t.p2pTrade() != null) {
                out.add(P2P_TRADES, t.p2pTrade());
            }
        }

        private BigDecimal balance(int i, Asset a) {
            return balances.get(i).getOrDefault(a, BigDecimal.ZERO);
        }

        /** Another user of this block (the block has at least two users when this is called). */
        private int other(int i) {
            int j = random.nextInt(size - 1);
            return j >= i ? j + 1 : j;
        }

        /** The next moment in user i's history. */
        private Instant tick(int i) {
            clocks[i] = clocks[i].plus(Duration.ofSeconds(60 + random.nextInt(86_400 * 2)));
            return clocks[i];
        }

        /** A moment after both users' last activity; both clocks move to it. */
        private Instant later(int i, int j) {
            Instant at = (clocks[i].isAfter(clocks[j]) ? clocks[i] : clocks[j]).plusSeconds(60 + random.nextInt(86_400));
            clocks[i] = at;
            clocks[j] = at;
            return at;
        }
    }
}
