package dev.prodguard.web.dashboard;

import dev.prodguard.web.ApiToken;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's sign-in: the API token (typed once on the sign-in form) or a one-time sign-in code (the link
 * {@code run} and {@code demo} print) is exchanged for a session, kept in memory and named by an
 * {@code HttpOnly; SameSite=Strict} cookie; each session has its own CSRF token for every state-changing form.
 * Sessions end after {@link #IDLE} without a request, at sign-out, and when the guardian stops.
 */
public final class Sessions {
    /** The session cookie's name. */
    public static final String COOKIE = "prodguard_session";
    /** A session unused this long is over. */
    public static final Duration IDLE = Duration.ofHours(8);
    /** A sign-in code is valid this long, and once. */
    public static final Duration CODE_VALID = Duration.ofMinutes(15);
    /** Sessions kept at most; the least recently used goes first. */
    static final int MAX_SESSIONS = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One signed-in browser: its CSRF token and who it is for acknowledgements. */
    public record Session(String id, String csrf, String who, Instant since, Instant lastSeen) {
        Session seen(Instant now) {
            return new Session(id, csrf, who, since, now);
        }
    }

    private final ApiToken token;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> codes = new ConcurrentHashMap<>();

    public Sessions(ApiToken token, Clock clock) {
        this.token = token;
        this.clock = clock;
    }

    /** A fresh one-time sign-in code, valid for {@link #CODE_VALID}. It is not the token and opens one session. */
    public String issueCode() {
        String code = random();
        codes.put(code, clock.instant().plus(CODE_VALID));
        return code;
    }

    /** A session for whoever presents the API token (compared in constant time), or null. */
    Session signInWithToken(String typed) {
        return typed != null && token.accepts("Bearer " + typed.strip()) ? open("token") : null;
    }

    /** A session for a valid, unused sign-in code (which is used up), or null. */
    Session signInWithCode(String code) {
        if (code == null) {
            return null;
        }
        Instant until = codes.remove(code);
        return until != null && !clock.instant().isAfter(until) ? open("sign-in link") : null;
    }

    /** The live session named by this {@code Cookie} header, or null; using it keeps it alive. */
    Session find(String cookieHeader) {
        String id = cookie(cookieHeader, COOKIE);
        if (id == null) {
            return null;
        }
        Session s = sessions.get(id);
        Instant now = clock.instant();
        if (s == null || Duration.between(s.lastSeen(), now).compareTo(IDLE) > 0) {
            if (s != null) {
                sessions.remove(id);
            }
            return null;
        }
        Session seen = s.seen(now);
        sessions.put(id, seen);
        return seen;
    }

    /** Ends a session. */
    void end(Session s) {
        sessions.remove(s.id());
    }

    /** Whether {@code presented} is this session's CSRF token (constant time). */
    static boolean csrfMatches(Session s, String presented) {
        return presented != null && MessageDigest.isEqual(s.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The {@code Set-Cookie} value that names {@code s}. */
    static String setCookie(Session s) {
        return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + IDLE.toSeconds();
    }

    /** The {@code Set-Cookie} value that removes the session cookie. */
    static String clearCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private Session open(String who) {
        Instant now = clock.instant();
        codes.values().removeIf(until -> now.isAfter(until));
        sessions.values().removeIf(s -> Duration.between(s.lastSeen(), now).compareTo(IDLE) > 0);
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(java.util.Comparator.comparing(Session::lastSeen))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session s = new Session(random(), random(), who, now, now);
        sessions.put(s.id(), s);
        return s;
    }

    /** A cookie's value from a {@code Cookie} header, or null. */
    static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
