package dev.prodguard.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.prodguard.devdb.EmbeddedMongo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MongoDB for tests: the embedded server by default, or the real deployment named by
 * {@code PRODGUARD_IT_URI}. Register with {@code @RegisterExtension static TestMongo mongo = new TestMongo();}
 */
public final class TestMongo implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedMongo embedded;
    private String uri;
    private MongoClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() {
        String it = System.getenv("PRODGUARD_IT_URI");
        if (it != null && !it.isBlank()) {
            uri = it;
        } else {
            embedded = EmbeddedMongo.startInMemory();
            uri = embedded.uri();
        }
        client = MongoClients.create(uri);
    }

    public void stop() {
        if (client != null) {
            client.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    /** True when running against the embedded server (its deviations apply). */
    public boolean isEmbedded() {
        return embedded != null;
    }

    public EmbeddedMongo embedded() {
        return embedded;
    }

    public String uri() {
        return uri;
    }

    /** A client owned by this extension; do not close it. */
    public MongoClient client() {
        return client;
    }

    /** A database name unique to one test, so tests never see each other's data. */
    public static String uniqueDb(String prefix) {
        return prefix + "_" + Long.toHexString(System.nanoTime());
    }
}
