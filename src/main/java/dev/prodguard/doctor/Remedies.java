package dev.prodguard.doctor;

import dev.prodguard.connect.ConnectionProblem;

/**
 * The remedy sentences doctor prints, one per kind of failure, in the words of the user's guide
 * ("Troubleshooting") where it has them. Kept in one place so docs/troubleshooting.md
 * and the output stay the same. The connection remedies are {@link ConnectionProblem}'s, so every command
 * and alert gives the same advice.
 */
public final class Remedies {
    private Remedies() {}

    public static final String URL_ENCODING = "Check if the password contains special characters that need"
            + " URL encoding: write each one as its %-code in MONGO_URL (shown above), never the raw character.";
    public static final String COPY_URI = "Copy the connection string again (Atlas: Database, Connect, Connect your"
            + " application) and replace <password> with your actual database password.";
    public static final String PLACEHOLDER = "Replace the placeholder with your actual database password"
            + " (and the xxxxx host part with your cluster's), as in the guide's Step 5.";
    public static final String CONFIG = "Fix the setting named above in the environment, .env or prodguard.yml.";
    public static final String SRV_NOT_FOUND = "The cluster name is wrong or the cluster no longer exists: copy the"
            + " connection string again from Atlas (Database, Connect, Connect your application).";
    public static final String DNS_TIMEOUT = "This machine's DNS server did not answer in time: check the network and"
            + " DNS settings; networks that block SRV lookups need the standard mongodb:// connection string"
            + " (Atlas offers it for older drivers).";
    public static final String HOST_NOT_FOUND = "The host name does not resolve: " + ConnectionProblem.HOST_REMEDY + ".";
    public static final String SRV_RECORDS = "The cluster's DNS records are not usable by MongoDB drivers: ask the"
            + " database provider, or use the standard mongodb:// connection string.";
    public static final String REFUSED = "Connection refused: " + ConnectionProblem.REFUSED_REMEDY + ".";
    public static final String TCP_TIMEOUT = "No answer: " + ConnectionProblem.TIMEOUT_REMEDY + ".";
    public static final String UNREACHABLE = "No route to the host: " + ConnectionProblem.ROUTE_REMEDY + ".";
    public static final String TLS_PLAINTEXT = "The server speaks MongoDB without TLS: enable TLS on the server, or,"
            + " only on a trusted private network, remove tls=true from MONGO_URL (gate refuses that in production"
            + " unless PRODGUARD_ALLOW_NO_TLS=true).";
    public static final String TLS_CLOSED = "The server closed or ignored the TLS handshake: check Network Access"
            + " whitelist (should include this machine's address, or 0.0.0.0/0) and that this port serves MongoDB"
            + " with TLS.";
    public static final String TLS_UNTRUSTED = "The server's certificate is not trusted by this Java runtime: if the"
            + " server uses a private certificate authority, add it to the Java truststore (javax.net.ssl.trustStore).";
    public static final String TLS_HOSTNAME = "The server's certificate does not name this host: use the host names"
            + " from the connection string your provider gives you, not an IP address or an alias.";
    public static final String NEEDS_TLS = "The server closed the connection: if it requires TLS (Atlas always does),"
            + " update your connection string to include tls=true.";
    public static final String NOT_MONGODB = "Something answered on this port, but not MongoDB: check the port in"
            + " MONGO_URL (MongoDB's default is 27017).";
    public static final String NO_PRIMARY = "The replica set has no primary, so writes fail: "
            + ConnectionProblem.NO_PRIMARY_REMEDY + ".";
    public static final String REPLICA_SET = "The replicaSet option in MONGO_URL does not match the server: copy the"
            + " connection string again, or remove replicaSet= (mongodb+srv:// finds it by itself).";
    public static final String AUTH_FAILED = "Authentication failed: " + ConnectionProblem.AUTH_REMEDY + ".";
    public static final String NO_AUTH_SUPPORT = "This server has no authentication (e.g. prodguard's embedded"
            + " development database): remove user:password from MONGO_URL for it; drivers that send credentials"
            + " cannot connect.";
    public static final String AUTH_REQUIRED = "The server requires authentication: put the user name and password in"
            + " MONGO_URL (mongodb+srv://user:<password>@host/).";
    public static final String PRIVILEGES = "Ensure the user has proper permissions: grant readWrite on the database"
            + " (Atlas: Database Access, Read and write to any database).";
    public static final String TEST_FAILED = "The database answered but the connection test failed: run again with"
            + " --verbose for the driver's error, and check the layers above.";
    public static final String SERVER_SELECTION = "The driver found no usable server in time: check the layers above,"
            + " and raise PRODGUARD_CONNECT_TIMEOUT_MS if the database is just slow to answer.";
}
