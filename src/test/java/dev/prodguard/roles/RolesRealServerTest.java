package dev.prodguard.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roles apply} and {@code rotate} against a real MongoDB with user management, named by
 * PRODGUARD_IT_URI (an administrator's URI). Skipped on the embedded server, which has no users.
 */
class RolesRealServerTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path tmp;

    @Test
    void appUserCanWriteButCannotDropAndRotationChangesThePassword() throws Exception {
        Assumptions.assumeFalse(mongo.isEmbedded(), "needs PRODGUARD_IT_URI: a real server with user management");
        Assumptions.assumeFalse(AtlasSteps.isAtlas(dev.prodguard.config.MongoTarget.parse(mongo.uri(), "PRODGUARD_IT_URI")),
                "Atlas manages users through its API");
        String db = TestMongo.uniqueDb("pgroles");
        Map<String, String> env = new HashMap<>(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", db, "PRODUCTION", "false",
                "PRODGUARD_STATE_DIR", tmp.resolve("state").toString()));
        RolePlan plan = RolePlanner.plan(db, DeploymentEnv.PREVIEW);
        try {
            CliRun run = CliRun.run(env, tmp, "roles", "apply", "--env", "preview", "--out", "pw.txt");
            assertThat(run.exitCode).as(run.toString()).isZero();
            Map<String, String> pw = new HashMap<>();
            Files.readAllLines(tmp.resolve("pw.txt")).stream().filter(l -> !l.startsWith("#"))
                    .forEach(l -> pw.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            String app = plan.users().get(0).name();
            try (MongoClient asApp = clientAs(app, pw.get(app))) {
                MongoDatabase d = asApp.getDatabase(db);
                d.getCollection("wallets").insertOne(new Document("user", 1).append("balance", 10));
                assertThat(d.getCollection("wallets").countDocuments()).isEqualTo(1);
                assertThatThrownBy(() -> d.getCollection("wallets").drop()).isInstanceOf(MongoCommandException.class)
                        .satisfies(e -> assertThat(((MongoCommandException) e).getErrorCode()).isEqualTo(13));
                assertThatThrownBy(d::drop).isInstanceOf(MongoCommandException.class);
            }
            CliRun rotate = CliRun.run(env, tmp, "roles", "rotate", app, "--out", "new.txt");
            assertThat(rotate.exitCode).as(rotate.toString()).isZero();
            String fresh = Files.readAllLines(tmp.resolve("new.txt")).get(2).split("=", 2)[1];
            try (MongoClient asApp = clientAs(app, fresh)) {
                assertThat(asApp.getDatabase(db).getCollection("wallets").countDocuments()).isEqualTo(1);
            }
        } finally {
            MongoDatabase admin = mongo.client().getDatabase("admin");
            for (String u : RolesApplier.userNames(plan)) {
                try {
                    admin.runCommand(new Document("dropUser", u));
                } catch (MongoCommandException ignored) {
                    // not created
                }
            }
            try {
                admin.runCommand(new Document("dropRole", plan.appRole().name()));
            } catch (MongoCommandException ignored) {
                // not created
            }
            mongo.client().getDatabase(db).drop();
        }
    }

    private static MongoClient clientAs(String user, String password) {
        ConnectionString admin = new ConnectionString(mongo.uri());
        return MongoClients.create(MongoClientSettings.builder().applyConnectionString(admin)
                .credential(MongoCredential.createCredential(user, "admin", password.toCharArray())).build());
    }
}
