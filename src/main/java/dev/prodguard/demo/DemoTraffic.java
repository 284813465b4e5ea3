package dev.prodguard.demo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import dev.prodguard.config.PrivateFiles;
import dev.prodguard.dataset.Asset;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.dataset.IdSource;
import dev.prodguard.dataset.Transfer;
import dev.prodguard.dataset.Transfers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The demo's live traffic: a few balanced transfers a second (deposits, P2P trades, withdrawals)
 * between existing users, so capture has something to record. It only spends what it deposited
 * itself, so no balance goes negative. Without transactions a transfer is several writes, so before a
 * wipe the traffic is paused through a control file ({@link #PAUSE_FILE}, answered by {@link #PAUSED_FILE})
 * and no transfer is left half-written; it stays paused for the rest of the run. A read that must see whole
 * transfers ({@code demo books}) holds the traffic for a moment instead ({@link #whileHeld}).
 */
public final class DemoTraffic implements AutoCloseable {
    /** Written by {@code demo wipe}: finish the current transfer, then stop writing. */
    public static final String PAUSE_FILE = "traffic.pause";
    /** Written by the traffic when it has paused: the number of transfers committed. */
    public static final String PAUSED_FILE = "traffic.paused";
    /** Written by a reader that must see whole transfers: finish the current one, write nothing until it is removed. */
    public static final String HOLD_FILE = "traffic.hold";
    /** Written by the traffic while it holds; removed when it writes again. */
    public static final String HELD_FILE = "traffic.held";
    private static final int SAMPLE_USERS = 50;

    private final MongoDatabase db;
    private final Path dir;
    private final Clock clock;
    private final long intervalMillis;
    private final Random random = new Random();
    private final Transfers transfers = new Transfers(IdSource.fresh(), random);
    private final Map<ObjectId, Map<Asset, BigDecimal>> credit = new HashMap<>();
    private final List<ObjectId> committed = new ArrayList<>();
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean stop;
    private volatile boolean paused;
    private boolean held;
    private volatile int failures;
    private List<ObjectId> users = List.of();

    /** Traffic into {@code db} at about {@code perSecond} transfers a second; control files live in {@code dir}. */
    public DemoTraffic(MongoDatabase db, Path dir, Clock clock, int perSecond, Consumer<String> log) {
        this.db = db;
        this.dir = dir;
        this.clock = clock;
        this.intervalMillis = 1000L / Math.max(1, perSecond);
        this.log = log;
        this.thread = new Thread(this::loop, "demo-traffic");
        this.thread.setDaemon(true);
    }

    /** Samples users and starts writing. */
    public DemoTraffic start() {
        List<ObjectId> ids = new ArrayList<>();
        for (Document d : db.getCollection(ExchangeDataset.USERS).find().projection(Projections.include("_id")).limit(SAMPLE_USERS)) {
            ids.add(d.getObjectId("_id"));
        }
        if (ids.size() < 2) {
            throw new IllegalStateException("the demo exchange has fewer than 2 users; nothing to simulate");
        }
        users = ids;
        thread.start();
        return this;
    }

    private void loop() {
        while (!stop) {
            try {
                boolean holding = Files.exists(dir.resolve(HOLD_FILE));
                if (Files.exists(dir.resolve(PAUSE_FILE))) {
                    pause();
                } else if (!paused && !holding) {
                    one();
                }
                answerHold(holding); // after the transfer above: a held traffic has no transfer half-written
                Thread.sleep(paused || holding ? 50 : intervalMillis);
            } catch (InterruptedException e) {
                return;
            } catch (MongoException | IllegalStateException e) {
                if (failures++ == 0) {
                    log.accept("traffic: a transfer failed (" + e.getMessage() + "); retrying");
                }
            }
        }
    }

    private void answerHold(boolean holding) {
        Path answer = dir.resolve(HELD_FILE);
        try {
            if (holding && !held) {
                PrivateFiles.replace(answer, Integer.toString(committedCount()).getBytes(StandardCharsets.UTF_8));
                held = true;
            } else if (!holding && held) {
                Files.deleteIfExists(answer);
                held = false;
            }
        } catch (IOException e) {
            log.accept("traffic: cannot write " + answer + ": " + e.getMessage());
        }
    }

    /**
     * Runs {@code read} while the traffic of the demo running from {@code dir} holds (no transfer half-written),
     * then lets it go on. When the traffic does not answer within {@code wait} (no demo traffic), reads anyway.
     */
    public static <T> T whileHeld(Path dir, Duration wait, Supplier<T> read) throws IOException, InterruptedException {
        Path request = dir.resolve(HOLD_FILE);
        Path answer = dir.resolve(HELD_FILE);
        Files.deleteIfExists(answer); // a stale answer (another reader's hold just ended) must not count
        Files.writeString(request, Instant.now().toString(), StandardCharsets.UTF_8);
        try {
            Instant deadline = Instant.now().plus(wait);
            while (!Files.exists(answer) && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            return read.get();
        } finally {
            Files.deleteIfExists(request);
        }
    }

    private void pause() {
        Path answer = dir.resolve(PAUSED_FILE);
        if (paused && Files.exists(answer)) {
            return;
        }
        int n = committedCount();
        try {
            PrivateFiles.replace(answer, Integer.toString(n).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.accept("traffic: cannot write " + answer + ": " + e.getMessage());
        }
        if (!paused) {
            paused = true;
            log.accept("traffic: paused after " + n + " transfer(s) (a wipe was announced)");
        }
    }

    /** One balanced transfer: a deposit, or spending a previous deposit on a P2P trade or a withdrawal. */
    private void one() {
        ObjectId user = users.get(random.nextInt(users.size()));
        Map<Asset, BigDecimal> mine = credit.computeIfAbsent(user, u -> new EnumMap<>(Asset.class));
        Asset asset = random.nextBoolean() ? Asset.USDT : Asset.BTC;
        BigDecimal have = mine.getOrDefault(asset, BigDecimal.ZERO);
        BigDecimal fee = asset.withdrawalFee();
        Transfer t;
        int kind = random.nextInt(3);
        if (kind == 1 && have.compareTo(fee.multiply(BigDecimal.valueOf(4))) > 0) {
            ObjectId buyer = users.get(random.nextInt(users.size()));
            if (buyer.equals(user)) {
                return;
            }
            BigDecimal amount = asset.round(have.divide(BigDecimal.valueOf(3), asset.scale(), java.math.RoundingMode.DOWN));
            t = transfers.p2p(user, buyer, asset, amount, clock.instant());
        } else if (kind == 2 && have.compareTo(fee.multiply(BigDecimal.valueOf(4))) > 0) {
            BigDecimal amount = asset.round(have.subtract(fee).divide(BigDecimal.valueOf(2), asset.scale(), java.math.RoundingMode.DOWN));
            t = transfers.withdrawal(user, asset, amount, clock.instant());
        } else {
            BigDecimal amount = asset == Asset.BTC ? new BigDecimal(random.nextInt(90) + 10).movePointLeft(3)
                    : BigDecimal.valueOf(20 + random.nextInt(500));
            t = transfers.deposit(user, asset, amount, clock.instant());
        }
        t.applyTo(db);
        for (Transfer.WalletChange c : t.walletChanges()) {
            credit.computeIfAbsent(c.userId(), u -> new EnumMap<>(Asset.class)).merge(c.asset(), c.delta(), BigDecimal::add);
        }
        synchronized (committed) {
            committed.add(t.ledger().get(0).getObjectId("transferId"));
        }
    }

    /** How many transfers were fully written. */
    public int committedCount() {
        synchronized (committed) {
            return committed.size();
        }
    }

    /** The ids ({@code transferId}) of every fully written transfer, in order. */
    public List<ObjectId> committedTransfers() {
        synchronized (committed) {
            return List.copyOf(committed);
        }
    }

    /** Whether the traffic paused for a wipe. */
    public boolean paused() {
        return paused;
    }

    /** Stops writing (waits for the transfer in flight). */
    @Override
    public void close() {
        stop = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
