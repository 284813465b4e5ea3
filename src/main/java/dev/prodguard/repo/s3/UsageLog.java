package dev.prodguard.repo.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.config.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Each process's object-storage requests by hour, kept in the state directory ({@code storage-usage/<host>-<pid>.json},
 * written at most every 30 s and at exit) so that {@code status}, a process of its own, can add up what the guardian,
 * capture and backups sent in the last day. Files older than two days are removed when read.
 */
public final class UsageLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DIR = "storage-usage";
    private static final Duration FLUSH_EVERY = Duration.ofSeconds(30);

    private final RequestMeter meter;
    private final Path stateDir;
    private final Path file;
    private volatile Instant flushedAt = Instant.EPOCH;

    UsageLog(RequestMeter meter, Path stateDir) {
        this.meter = meter;
        this.stateDir = stateDir;
        this.file = stateDir.resolve(DIR).resolve(host() + "-" + ProcessHandle.current().pid() + ".json");
    }

    Path dir() {
        return stateDir;
    }

    /** Writes this process's hours when the last write is {@link #FLUSH_EVERY} old. */
    void maybeFlush(Instant now) {
        if (!now.isBefore(flushedAt.plus(FLUSH_EVERY))) {
            flushedAt = now;
            flush();
        }
    }

    /** Writes this process's hours now (failures are ignored: usage is advice, never a reason to fail). */
    void flush() {
        try {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode hours = root.putObject("hours");
            for (Map.Entry<Instant, RequestMeter.Usage> e : meter.hours().entrySet()) {
                RequestMeter.Usage u = e.getValue();
                hours.putArray(e.getKey().toString()).add(u.writes()).add(u.reads()).add(u.bytesSent()).add(u.bytesReceived());
            }
            PrivateFiles.createDirectories(file.getParent());
            PrivateFiles.replace(file, JSON.writeValueAsBytes(root));
        } catch (IOException | RuntimeException ignored) {
            // a read-only or vanished state directory: status then shows less, nothing else changes
        }
    }

    /** What every process recorded in {@code stateDir} for the hours since {@code since}. */
    public static RequestMeter.Usage since(Path stateDir, Instant since) {
        RequestMeter.Usage total = RequestMeter.Usage.NONE;
        Path dir = stateDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            return total;
        }
        Instant from = since.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().endsWith(".json") || f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(since.minus(Duration.ofDays(1)))) {
                        Files.deleteIfExists(f);
                        continue;
                    }
                    JsonNode hours = JSON.readTree(f.toFile()).path("hours");
                    for (var it = hours.fields(); it.hasNext(); ) {
                        var e = it.next();
                        if (!Instant.parse(e.getKey()).isBefore(from)) {
                            JsonNode a = e.getValue();
                            total = total.plus(new RequestMeter.Usage(a.path(0).asLong(), a.path(1).asLong(),
                                    a.path(2).asLong(), a.path(3).asLong()));
                        }
                    }
                } catch (IOException | RuntimeException ignored) {
                    // a file being replaced or damaged: skipped
                }
            }
        } catch (IOException ignored) {
            // unreadable directory: nothing recorded
        }
        return total;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (IOException e) {
            return "host";
        }
    }
}
