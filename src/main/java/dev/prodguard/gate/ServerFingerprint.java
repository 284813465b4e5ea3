package dev.prodguard.gate;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.util.HashSet;
import java.util.Set;
import org.bson.Document;

/**
 * Tells prodguard's embedded server (mongo-java-server) from a real MongoDB by what each reports.
 *
 * <p>Primary signal: {@code serverStatus.process}. MongoDB documents it as the current process,
 * {@code "mongod"} or {@code "mongos"}; mongo-java-server answers {@code "java"}. serverStatus needs
 * the clusterMonitor privilege and is not supported on Atlas M0/Flex, so when it fails the second
 * signal decides: mongo-java-server's {@code buildInfo} holds only {@code version},
 * {@code versionArray} and {@code maxBsonObjectSize}, while a real mongod also reports
 * {@code gitVersion}, {@code allocator}, {@code storageEngines} and more (Atlas Data Federation,
 * which lacks {@code gitVersion}, still adds {@code dataLake}, so it is not mistaken for it).
 * Both commands are read-only.
 */
public final class ServerFingerprint {
    private static final Set<String> EMBEDDED_BUILD_INFO = Set.of("version", "versionArray", "maxBsonObjectSize");
    private static final Set<String> REPLY_ENVELOPE = Set.of("ok", "$clusterTime", "operationTime");

    private ServerFingerprint() {}

    /**
     * Asks the server for buildInfo and serverStatus and classifies it. Command errors (not
     * authorized, not supported) count as "no answer"; network errors propagate.
     */
    public static ServerIdentity probe(MongoClient client) {
        MongoDatabase admin = client.getDatabase("admin");
        Document buildInfo = commandOrNull(admin, new Document("buildInfo", 1));
        Document serverStatus = commandOrNull(admin, new Document("serverStatus", 1)
                .append("repl", 0).append("metrics", 0).append("locks", 0));
        return classify(buildInfo, serverStatus);
    }

    /** Classifies a server from its buildInfo and serverStatus replies (either may be null: no answer). */
    public static ServerIdentity classify(Document buildInfo, Document serverStatus) {
        String version = buildInfo != null && buildInfo.get("version") instanceof String v ? v
                : serverStatus != null && serverStatus.get("version") instanceof String v2 ? v2 : "unknown";
        if (serverStatus != null && serverStatus.get("process") instanceof String process) {
            if (process.equals("java")) {
                return new ServerIdentity(true, version,
                        "serverStatus reports process \"java\"; a real MongoDB reports \"mongod\" or \"mongos\"");
            }
            return new ServerIdentity(false, version, "serverStatus reports process \"" + process + "\"");
        }
        if (buildInfo != null) {
            Set<String> keys = new HashSet<>(buildInfo.keySet());
            keys.removeAll(REPLY_ENVELOPE);
            if (EMBEDDED_BUILD_INFO.containsAll(keys) && keys.contains("version")) {
                return new ServerIdentity(true, version, "buildInfo holds only " + String.join(", ", keys.stream()
                        .sorted().toList()) + "; a real MongoDB also reports gitVersion, allocator and storageEngines");
            }
            return new ServerIdentity(false, version, "buildInfo reports "
                    + (buildInfo.containsKey("gitVersion") ? "gitVersion " + buildInfo.get("gitVersion") : "a non-embedded build"));
        }
        return new ServerIdentity(false, version, "the server answered neither buildInfo nor serverStatus");
    }

    private static Document commandOrNull(MongoDatabase admin, Document command) {
        try {
            return admin.runCommand(command);
        } catch (MongoCommandException e) {
            return null;
        }
    }
}
