package dev.prodguard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoDatabase;
import dev.prodguard.dataset.BooksCheck;
import dev.prodguard.dataset.BooksResult;
import dev.prodguard.dataset.ExchangeDataset;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo books} reads the live exchange while the traffic holds: it never sees half a transfer. */
class DemoTrafficHoldTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    @Test
    void whileHeldNoTransferIsWrittenAndTheBooksBalanceThenTheTrafficGoesOn() throws Exception {
        MongoDatabase db = mongo.client().getDatabase(TestMongo.uniqueDb("demo_hold"));
        new ExchangeDataset(7, 20).writeTo(db);
        try (DemoTraffic traffic = new DemoTraffic(db, dir, Clock.systemUTC(), 50, line -> {}).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.committedCount() >= 5);
            for (int i = 0; i < 10; i++) {
                int[] during = new int[2];
                BooksResult books = DemoTraffic.whileHeld(dir, Duration.ofSeconds(10), () -> {
                    during[0] = traffic.committedCount();
                    BooksResult r = BooksCheck.evaluate(db);
                    during[1] = traffic.committedCount();
                    return r;
                });
                assertThat(during[1]).as("no transfer while held").isEqualTo(during[0]);
                assertThat(books.balanced()).as(books.summary()).isTrue();
                assertThat(dir.resolve(DemoTraffic.HOLD_FILE)).doesNotExist();
                int after = during[1];
                await().atMost(Duration.ofSeconds(30)).until(() -> traffic.committedCount() > after);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(dir.resolve(DemoTraffic.HELD_FILE)));
        }
    }
}
