package dev.prodguard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.alert.Alert;
import dev.prodguard.dataset.DatasetSummary;
import dev.prodguard.guardian.GuardianHealth;
import dev.prodguard.text.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the demo prints: where everything is, the guardian's endpoints, the alert, what to try next. */
final class DemoText {
    private DemoText() {}

    /** Where everything is. */
    static List<String> where(DemoRuntime rt) {
        List<String> out = new ArrayList<>();
        out.add("database:    " + rt.server().uri() + " / " + DemoStory.DB + " ("
                + (rt.server().dataFile() == null ? "in memory" : "data file " + rt.server().dataFile()) + ")");
        DatasetSummary s = rt.seeded();
        out.add("exchange:    " + (s == null ? "reusing the exchange in the data file"
                : "seeded " + s.totalDocuments() + " documents (" + String.join(", ", new java.util.TreeMap<>(s.documents())
                        .entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()) + ")"));
        out.add("traffic:     about " + DemoRuntime.TRAFFIC_PER_SECOND + " balanced transfers a second (deposits, P2P trades,"
                + " withdrawals)");
        out.add("guardian:    capture, wipe detection, snapshots, monitoring and alerts, in this process");
        out.add("  dashboard: " + rt.process().signInLink() + " (one-time sign-in link, valid 15 minutes)");
        out.add("  health:    http://127.0.0.1:" + rt.process().port() + "/health");
        out.add("  metrics:   http://127.0.0.1:" + rt.process().port() + "/metrics");
        out.add("  api:       http://127.0.0.1:" + rt.process().port() + "/api/status (Authorization: Bearer <token>; the token"
                + " is in " + rt.process().tokenWhere() + ")");
        out.add("repository:  " + rt.dir().resolve("repo"));
        out.add("demo folder: " + rt.dir() + " (prodguard.yml with the books invariant, .env, " + DemoState.FILE_NAME + ")");
        for (GuardianHealth.TaskState t : rt.process().guardian().health().tasks()) {
            out.add("  " + t.name() + ": " + t.state());
        }
        return out;
    }

    /** The guardian's /health and /metrics, fetched over HTTP like any monitoring system would. */
    static List<String> health(DemoRuntime rt) {
        List<String> out = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        for (String path : List.of("/health", "/metrics")) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rt.process().port() + path))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (path.equals("/health")) {
                    out.add("GET " + path + " -> " + r.statusCode() + " " + healthSummary(r.body()));
                } else {
                    List<String> samples = r.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
                    out.add("GET " + path + " -> " + r.statusCode() + ", " + samples.size() + " samples, e.g.:");
                    samples.stream().filter(l -> l.startsWith("prodguard_")).limit(4).forEach(l -> out.add("  " + l));
                }
            } catch (IOException e) {
                out.add("GET " + path + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out;
            }
        }
        return out;
    }

    /** The parts of /health that tell the story: status, last snapshot, capture, tasks, open alerts. */
    static String healthSummary(String json) {
        try {
            JsonNode h = new ObjectMapper().readTree(json);
            StringBuilder b = new StringBuilder("status ").append(h.path("status").asText());
            JsonNode snap = h.path("lastSnapshot");
            if (snap.isObject()) {
                b.append(", last snapshot ").append(snap.path("id").asText()).append(" (").append(snap.path("ageSeconds").asLong())
                        .append(" s old)");
            }
            b.append(", capture ").append(h.path("capture").path("state").asText("unknown"));
            for (JsonNode t : h.path("tasks")) {
                if (t.path("name").asText().equals("capture")) {
                    continue; // shown just above, from the capture section
                }
                b.append(", ").append(t.path("name").asText()).append(": ").append(t.path("state").asText());
            }
            return b.append(", open alerts ").append(h.path("alerts").path("open").asInt()).toString();
        } catch (IOException e) {
            return json.replaceAll("\\s+", " ");
        }
    }

    /** The wipe alert as the guardian recorded it. */
    static List<String> alert(Alert a, Duration latency) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "ALERT %s [%s] %s", a.severity(), a.ruleId(), a.title())
                + (latency == null ? "" : " (opened " + Durations.human(latency) + " after the drop)"));
        for (Map.Entry<String, Object> e : a.details().entrySet()) {
            out.add("  " + e.getKey() + ": " + dev.prodguard.alert.AlertText.value(e.getValue()));
        }
        return out;
    }

    /** What to try after the default run. */
    static List<String> next(Path dir) {
        return List.of("The repository and the demo's configuration stay in " + dir + ".",
                "Next: `./prodguard demo --keep` keeps the exchange, the traffic and the guardian running, and a second",
                "terminal wipes it (`./prodguard demo wipe`), restores it and checks the books (`./prodguard demo books`).",
                "On your own database: `prodguard run` is the guardian (capture, snapshots, alerts, /health, /metrics).");
    }

    /** What to try from a second terminal while {@code demo --keep} runs. */
    static List<String> keep(DemoRuntime rt, Path workDir) {
        Path dir = shorter(rt.dir(), workDir);
        String pin = "MONGO_URL=" + rt.server().uri() + " DB_NAME=" + DemoStory.DB + " PRODGUARD_REPO=" + quote(dir.resolve("repo"))
                + " PRODGUARD_STATE_DIR=" + quote(dir.resolve("state"));
        List<String> out = new ArrayList<>();
        out.add("The demo keeps running. From a second terminal, in this folder:");
        out.add("  ./prodguard demo wipe      # drop " + DemoStory.DB + " the way a preview reset does; the alert shows up here");
        out.add("  " + pin + " \\");
        out.add("    ./prodguard restore --to before-last-drop --target-db " + DemoStory.DB + " --force");
        out.add("  ./prodguard demo books     # the books-balance invariant from " + quote(dir.resolve("prodguard.yml")));
        out.add("  " + pin + " ./prodguard status");
        out.add("(the variables are spelled out so that a MONGO_URL of your own is never used; " + quote(dir.resolve(".env"))
                + " holds the same)");
        out.add("Stop with Ctrl-C here, or `./prodguard demo stop`.");
        return out;
    }

    private static Path shorter(Path dir, Path workDir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path wd = workDir.toAbsolutePath().normalize();
        return abs.startsWith(wd) && !abs.equals(wd) ? wd.relativize(abs) : abs;
    }

    private static String quote(Path p) {
        String s = p.toString();
        return s.matches("[A-Za-z0-9_./:=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
