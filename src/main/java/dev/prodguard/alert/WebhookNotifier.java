package dev.prodguard.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.config.Secrets;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.text.Instants;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Posts alerts as JSON to {@code PRODGUARD_WEBHOOK_URL}: Slack's {@code {"text": ...}} when the URL
 * is a Slack incoming webhook, otherwise a generic body with the event, the texts and the alert's
 * fields. The URL (its path is the token) is a secret and never printed; the channel is named by
 * its host only.
 */
public final class WebhookNotifier implements Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Slack's incoming-webhook path: /services/T…/B…/token. */
    private static final Pattern SLACK_PATH = Pattern.compile("/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+/?");

    private final URI uri;
    private final boolean slack;
    private final HttpClient http;
    private final Duration requestTimeout;

    /** A notifier for {@code url}; connect timeout 3 s, request timeout 10 s. */
    public WebhookNotifier(String url) {
        this(url, Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    public WebhookNotifier(String url, Duration connectTimeout, Duration requestTimeout) {
        this.uri = parse(url);
        Secrets.register(url); // with its path segments and query values: the path is the webhook's password
        String token = (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (token.length() >= 8) { // shorter ones would mask ordinary words
            Secrets.register(token);
        }
        this.slack = isSlackHook(uri);
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** True for a Slack incoming webhook: host hooks.slack.com, or a path shaped like Slack's /services/T…/B…/…. */
    public static boolean isSlackHook(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("hooks.slack.com") || (uri.getRawPath() != null && SLACK_PATH.matcher(uri.getRawPath()).matches());
    }

    /** Whether this notifier sends Slack's body shape. */
    public boolean slack() {
        return slack;
    }

    @Override
    public String name() {
        return slack ? "webhook (Slack)" : "webhook " + uri.getScheme() + "://" + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    public void send(Notification n) throws NotifierException {
        String body = body(n);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "prodguard")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            int code = resp.statusCode();
            if (code < 200 || code >= 300) {
                String text = Secrets.remoteText(resp.body(), 120); // receivers echo the path: the token
                throw new NotifierException(name() + " answered HTTP " + code
                        + (text.isEmpty() ? "" : " (" + text + ")") + "; check PRODGUARD_WEBHOOK_URL");
            }
        } catch (HttpTimeoutException e) {
            throw new NotifierException(name() + " did not answer within " + requestTimeout.toSeconds() + " s");
        } catch (java.net.ConnectException e) {
            throw new NotifierException("cannot reach " + name() + ": connection refused or host unreachable");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new NotifierException("cannot reach " + name() + ": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotifierException("interrupted while sending to " + name());
        }
    }

    /** The request body for a notification: Slack's shape or the generic one. */
    public String body(Notification n) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (slack) {
            json.put("text", AlertText.slack(n));
        } else {
            Alert a = n.alert();
            json.put("source", "prodguard");
            json.put("event", n.kind().label());
            json.put("summary", AlertText.subject(n));
            json.put("text", AlertText.body(n));
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("key", a.key());
            alert.put("rule", a.ruleId());
            alert.put("severity", a.severity().label());
            alert.put("state", a.state().label());
            alert.put("title", a.title());
            alert.put("details", a.details());
            alert.put("openedAt", Instants.json(a.openedAt()));
            alert.put("updatedAt", Instants.json(a.updatedAt()));
            alert.put("resolvedAt", Instants.json(a.resolvedAt()));
            alert.put("flaps", a.flaps());
            json.put("alert", alert);
        }
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert is not JSON-serialisable", e);
        }
    }

    private static URI parse(String url) {
        try {
            URI u = new URI(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw ProdguardException.config("PRODGUARD_WEBHOOK_URL must be an http:// or https:// URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw ProdguardException.config("PRODGUARD_WEBHOOK_URL is not a valid URL (" + e.getReason()
                    + " at character " + e.getIndex() + ")");
        }
    }
}
