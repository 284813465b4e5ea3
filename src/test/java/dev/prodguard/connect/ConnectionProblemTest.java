package dev.prodguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.net.ConnectException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The driver's failures read as a cause and a remedy, from the cluster views the driver really prints. */
class ConnectionProblemTest {
    private static final String VIEW = "Timed out while waiting for a server that matches ReadPreferenceServerSelector"
            + "{readPreference=primary}. Client view of cluster state is {type=UNKNOWN, servers=[%s]";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "refused|{address=db.example.com:27017, type=UNKNOWN, state=CONNECTING, exception={com.mongodb.MongoSocketOpenException:"
            + " Exception opening socket}, caused by {java.net.ConnectException: Connection refused}}"
            + "|REFUSED|no server answered at db.example.com:27017 (connection refused)|ensure the cluster is running",
        "unknown host|{address=nosuch.example:27017, type=UNKNOWN, state=CONNECTING, exception={com.mongodb.MongoSocketException:"
            + " nosuch.example}, caused by {java.net.UnknownHostException: nosuch.example}}"
            + "|HOST_NOT_FOUND|no server answered at nosuch.example:27017 (host name not found)|check its spelling",
        "tls|{address=a.example.net:27017, type=UNKNOWN, state=CONNECTING, exception={com.mongodb.MongoSocketWriteException:"
            + " Exception sending message}, caused by {javax.net.ssl.SSLHandshakeException: PKIX path building failed}}"
            + "|TLS|no server answered at a.example.net:27017 (TLS handshake failed)|truststore",
        "silent|{address=127.0.0.1:9, type=UNKNOWN, state=CONNECTING}|TIMED_OUT|no server answered at 127.0.0.1:9 (no answer in time)"
            + "|Network Access",
        "read timeout|{address=h:1, type=UNKNOWN, state=CONNECTING, exception={com.mongodb.MongoSocketReadTimeoutException:"
            + " Timeout while receiving message}, caused by {java.net.SocketTimeoutException: Read timed out}}"
            + "|NO_REPLY|no server answered at h:1 (it accepted the connection but sent no reply)|tls=true",
        "secondary only|{address=s1:27017, type=REPLICA_SET_SECONDARY, roundTripTime=1.2 ms, state=CONNECTED}"
            + "|NO_PRIMARY|s1:27017 (a secondary) answered, but none is the primary|election",
    })
    void clusterViewsReadAsACauseAndARemedy(String name, String servers, ConnectionProblem.Kind kind, String cause,
            String remedy) {
        ConnectionProblem p = ConnectionProblem.of(new MongoTimeoutException(String.format(VIEW, servers)));
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(p.cause()).contains(cause).doesNotContain("Exception").doesNotContain("{");
        assertThat(p.remedy()).contains(remedy);
        assertThat(p.line()).isEqualTo(p.cause() + "; " + p.remedy());
    }

    @Test
    void severalServersAreEachNamed() {
        String servers = "{address=a:1, type=UNKNOWN, state=CONNECTING, exception={com.mongodb.MongoSocketOpenException: x},"
                + " caused by {java.net.ConnectException: Connection refused}}, {address=b:2, type=UNKNOWN, state=CONNECTING}";
        ConnectionProblem p = ConnectionProblem.of(new MongoTimeoutException(String.format(VIEW, servers)));
        assertThat(p.cause()).isEqualTo("no server answered: a:1 (connection refused), b:2 (no answer in time)");
        assertThat(p.remedy()).contains("prodguard doctor");
    }

    @Test
    void authenticationPrivilegesAndWrappedFailures() {
        MongoSecurityException auth = new MongoSecurityException(MongoCredential.createCredential("u", "admin",
                "secret-pw".toCharArray()), "Exception authenticating MongoCredential{mechanism=SCRAM-SHA-256, userName='u'}");
        assertThat(ConnectionProblem.of(auth).kind()).isEqualTo(ConnectionProblem.Kind.AUTHENTICATION);
        assertThat(ConnectionProblem.describe(auth)).contains("authentication failed").doesNotContain("MongoCredential");

        MongoCommandException denied = new MongoCommandException(BsonDocument.parse(
                "{ok: 0, code: 13, codeName: 'Unauthorized', errmsg: 'not authorized on shop to execute command { find: 1 }'}"),
                new ServerAddress("h", 1));
        assertThat(ConnectionProblem.of(denied).kind()).isEqualTo(ConnectionProblem.Kind.NOT_AUTHORISED);
        assertThat(ConnectionProblem.of(denied).remedy()).contains("readWrite");

        ProdguardException wrapped = new ProdguardException(ErrorCode.CONNECTION, "change stream failed",
                new MongoSocketOpenException("Exception opening socket", new ServerAddress("h", 2),
                        new ConnectException("Connection refused")));
        assertThat(ConnectionProblem.of(wrapped).cause()).isEqualTo("the connection to h:2 failed (connection refused)");
        assertThat(ConnectionProblem.of(new IllegalStateException("no driver here"))).isNull();
        assertThat(ConnectionProblem.describe(new IllegalStateException("first\nsecond"))).isEqualTo("first");
    }
}
