package dev.prodguard.repo.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.prodguard.repo.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests S3Storage sends under Object Lock, recorded by a stand-in endpoint that answers every request as S3
 * would when the bucket has Object Lock (s3proxy refuses lock-enabled buckets): write-once objects and manifests carry
 * the mode and retain-until date and a checksum (S3 requires one with lock parameters); records and lock files
 * carry none; extending a retention is a PUT ?retention with the mode and date.
 */
class ObjectLockHeadersTest {
    record Request(String method, String target, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean hasChecksum() {
            return headers.keySet().stream().anyMatch(h -> h.startsWith("x-amz-checksum-") || h.equals("content-md5")
                    || h.equals("x-amz-trailer") && headers.get(h).startsWith("x-amz-checksum-"));
        }
    }

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Instant now = Instant.parse("2026-11-25T10:00:00Z");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = ex.getRequestHeaders().entrySet().stream().collect(Collectors.toMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), e -> String.join(",", e.getValue()), (a, b) -> a));
            String target = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
                    : "?" + ex.getRequestURI().getRawQuery());
            requests.add(new Request(ex.getRequestMethod(), target, headers,
                    body.length < 4096 ? new String(body, StandardCharsets.UTF_8) : "(" + body.length + " bytes)"));
            String q = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            String xml = "";
            if (ex.getRequestMethod().equals("POST") && q.startsWith("uploads")) {
                xml = "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId>"
                        + "</InitiateMultipartUploadResult>";
            } else if (ex.getRequestMethod().equals("POST") && q.contains("uploadId")) {
                xml = "<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>\"e\"</ETag>"
                        + "</CompleteMultipartUploadResult>";
            }
            byte[] out = xml.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("ETag", "\"etag-1\"");
            ex.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private S3Storage storage(S3Options.LockMode mode) {
        S3Options o = S3Options.forEndpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "a", "b")
                .withLock(mode, Duration.ofDays(30));
        return new S3Storage(S3Clients.build(o, new RequestMeter(Clock.systemUTC())), new S3Location("bucket", "p/"), o,
                new RequestMeter(Clock.systemUTC()), Clock.fixed(now, ZoneOffset.UTC));
    }

    private Request last(String method, String targetPrefix) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            Request r = requests.get(i);
            if (r.method().equals(method) && r.target().startsWith(targetPrefix)) {
                return r;
            }
        }
        throw new AssertionError("no " + method + " " + targetPrefix + " in " + requests);
    }

    @Test
    void manifestsCarryTheModeTheDateAndAChecksum() throws IOException {
        storage(S3Options.LockMode.GOVERNANCE).putIfAbsent("manifests/snapshot/s1.manifest", new byte[] {1, 2, 3});
        Request put = last("PUT", "/bucket/p/manifests/snapshot/s1.manifest");
        assertThat(put.header("x-amz-object-lock-mode")).isEqualTo("GOVERNANCE");
        assertThat(Instant.parse(put.header("x-amz-object-lock-retain-until-date")))
                .isEqualTo(now.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(put.header("if-none-match")).isEqualTo("*");
        assertThat(put.hasChecksum()).as(put.headers().toString()).isTrue();
    }

    @Test
    void complianceModeIsSentAsSuch() throws IOException {
        storage(S3Options.LockMode.COMPLIANCE).putIfAbsent("prodguard-repo.json", new byte[] {1});
        assertThat(last("PUT", "/bucket/p/prodguard-repo.json").header("x-amz-object-lock-mode")).isEqualTo("COMPLIANCE");
    }

    @Test
    void largeObjectsAreLockedWhenTheUploadStarts() throws IOException {
        S3Storage s = storage(S3Options.LockMode.GOVERNANCE);
        try (Storage.StorageWriter w = s.create("data/snapshots/s1/big")) {
            w.stream().write(new byte[(int) PartSizes.FIRST + 100]);
            w.commit();
        }
        Request create = last("POST", "/bucket/p/data/snapshots/s1/big?uploads");
        assertThat(create.header("x-amz-object-lock-mode")).isEqualTo("GOVERNANCE");
        assertThat(create.header("x-amz-object-lock-retain-until-date")).isNotNull();
        Request complete = last("POST", "/bucket/p/data/snapshots/s1/big?uploadId");
        assertThat(complete.header("if-none-match")).isEqualTo("*");
        assertThat(requests).filteredOn(r -> r.target().contains("partNumber=")).hasSize(2)
                .allSatisfy(r -> assertThat(r.hasChecksum()).as(r.headers().toString()).isTrue());
    }

    @Test
    void recordsAndLockFilesAreNeverLocked() throws IOException {
        S3Storage s = storage(S3Options.LockMode.GOVERNANCE);
        s.overwrite("records/capture-tip/db.record", new byte[] {1});
        s.forLocks().putIfAbsent("locks/repo.lock", new byte[] {2});
        assertThat(last("PUT", "/bucket/p/records/").header("x-amz-object-lock-mode")).isNull();
        assertThat(last("PUT", "/bucket/p/locks/").header("x-amz-object-lock-mode")).isNull();
    }

    @Test
    void extendingARetentionIsAPutRetentionWithModeAndDate() throws IOException {
        Instant until = Instant.parse("2027-01-10T00:00:00Z");
        storage(S3Options.LockMode.GOVERNANCE).retainUntil("manifests/segment/db-1.manifest", until);
        Request r = last("PUT", "/bucket/p/manifests/segment/db-1.manifest?retention");
        assertThat(r.body()).contains("<Mode>GOVERNANCE</Mode>").contains("2027-01-10T00:00:00");
        assertThat(r.hasChecksum()).as(r.headers().toString()).isTrue();
    }
}
