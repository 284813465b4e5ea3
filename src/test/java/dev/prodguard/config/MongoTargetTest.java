package dev.prodguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MongoTargetTest {
    private static final String PASSWORD = "Sup3r-Secret-Pw-0xCAFE";

    @Test
    void parsesAtlasSrvUriAndImpliesTls() {
        MongoTarget t = MongoTarget.parse("mongodb+srv://coinhubx_admin:" + PASSWORD
                + "@coinhubx-production.abc123.mongodb.net/?retryWrites=true&w=majority", "MONGO_URL");
        assertThat(t.isSrv()).isTrue();
        assertThat(t.tlsEnabled()).isTrue();
        assertThat(t.srvHost()).isEqualTo("coinhubx-production.abc123.mongodb.net");
        assertThat(t.username()).isEqualTo("coinhubx_admin");
        assertThat(new String(t.password())).isEqualTo(PASSWORD);
        assertThat(t.redacted()).doesNotContain(PASSWORD).contains("coinhubx_admin:****@");
        assertThat(t.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void plainUriHasHostsPortsAndNoTls() {
        MongoTarget t = MongoTarget.parse("mongodb://a.example.com:27018,b.example.com/shop", "MONGO_URL");
        assertThat(t.hosts()).extracting(MongoTarget.HostPort::toString)
                .containsExactly("a.example.com:27018", "b.example.com:27017");
        assertThat(t.tlsEnabled()).isFalse();
        assertThat(t.database()).isEqualTo("shop");
        assertThat(t.hasPassword()).isFalse();
    }

    @Test
    void explicitTlsOffOnSrvIsRespected() {
        MongoTarget t = MongoTarget.parse("mongodb+srv://u:p4ss@c.example.mongodb.net/?tls=false", "MONGO_URL");
        assertThat(t.tlsEnabled()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mongodb://admin:MySecurePass123!@x@host.example.com/|'@' (write %40)",
        "mongodb://admin:pa:ss@host.example.com/|':' (write %3A)",
        "mongodb://admin:50%off@host.example.com/|'%' (write %25)",
        "mongodb://admin:a/b@host.example.com/|'/' (write %2F)",
    })
    void unencodedReservedCharactersPointAtUrlEncodingWithoutShowingThePassword(String uri, String expected) {
        assertThatThrownBy(() -> MongoTarget.parse(uri, "MONGO_URL"))
                .isInstanceOf(ProdguardException.class)
                .hasMessageContaining("URL-encoded")
                .hasMessageContaining(expected)
                .satisfies(e -> {
                    assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.CONFIG);
                    String password = uri.substring(uri.indexOf("admin:") + 6, uri.lastIndexOf('@'));
                    assertThat(e.getMessage()).doesNotContain(password);
                });
    }

    @Test
    void encodedPasswordIsAccepted() {
        MongoTarget t = MongoTarget.parse("mongodb://admin:MySecurePass123%21%40x@host.example.com/", "MONGO_URL");
        assertThat(new String(t.password())).isEqualTo("MySecurePass123!@x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "mongodb:/x", "http://host", "mongodb://host:99999", "mongodb://host:0",
        "mongodb://host:abc", "mongodb://", "mongodb://a,,b/", "mongodb://ho\u0000st", "mongodb://h\uFFFDst"})
    void malformedInputIsAOneLineConfigError(String uri) {
        assertThatThrownBy(() -> MongoTarget.parse(uri, "MONGO_URL"))
                .isInstanceOf(ProdguardException.class)
                .satisfies(e -> {
                    assertThat(((ProdguardException) e).code()).isEqualTo(ErrorCode.CONFIG);
                    assertThat(e.getMessage()).contains("MONGO_URL").doesNotContain("\n");
                });
    }

    @ParameterizedTest
    @CsvSource({
        "localhost,LOOPBACK", "127.0.0.1,LOOPBACK", "127.8.9.10,LOOPBACK", "::1,LOOPBACK", "[::1],LOOPBACK",
        "10.1.2.3,PRIVATE", "172.20.0.5,PRIVATE", "192.168.1.10,PRIVATE", "fd00::1,PRIVATE",
        "169.254.10.20,LINK_LOCAL", "fe80::1,LINK_LOCAL",
        "mongo,SINGLE_LABEL", "db,SINGLE_LABEL",
        "cluster0.abc.mongodb.net,PUBLIC", "8.8.8.8,PUBLIC", "172.32.0.1,PUBLIC"})
    void classifiesHosts(String host, HostClass expected) {
        assertThat(HostClass.of(host)).isEqualTo(expected);
    }
}
