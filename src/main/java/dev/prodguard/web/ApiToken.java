package dev.prodguard.web;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.PrivateFiles;
import dev.prodguard.config.SecretStrength;
import dev.prodguard.config.Secrets;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of the guardian's JSON API: {@code PRODGUARD_API_TOKEN}, or else a random token
 * (256 bits, URL-safe) generated once and kept in {@code PRODGUARD_STATE_DIR/api-token} (mode 0600).
 * The token is registered with {@link Secrets}, so it never prints; only where it is ({@link #where()}) does.
 */
public final class ApiToken {
    /** The file in the state directory that holds a generated token. */
    public static final String FILE_NAME = "api-token";
    /** The shortest token accepted from configuration. */
    public static final int MIN_LENGTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String BEARER = "bearer ";

    private final byte[] digest;
    private final Path file;

    private ApiToken(String token, Path file) {
        Secrets.register(token);
        this.digest = sha256(token);
        this.file = file;
    }

    /**
     * The configured token, or the one in the state directory (generated there on first use).
     *
     * @throws ProdguardException CONFIG when the stored token is too short, STORAGE when the file cannot be written
     */
    public static ApiToken resolve(Settings settings) {
        // its length was checked with the rest of the configuration at load (ConfigKey.API_TOKEN's type)
        String configured = settings.get(ConfigKey.API_TOKEN).map(String::strip).orElse("");
        if (!configured.isEmpty()) {
            String weakness = SecretStrength.bundled().weakness(configured, MIN_LENGTH);
            if (weakness != null) {
                throw ProdguardException.config(ConfigKey.API_TOKEN.envName() + " is too weak: " + weakness + "; use a"
                        + " long random value (e.g. 'openssl rand -base64 32') or unset it to have the guardian generate one");
            }
            return new ApiToken(configured, null);
        }
        return fromStateDir(settings.path(ConfigKey.STATE_DIR));
    }

    /** The token kept in {@code stateDir/api-token}, generated there when the file does not exist. */
    static ApiToken fromStateDir(Path stateDir) {
        Path f = stateDir.resolve(FILE_NAME);
        try {
            if (Files.exists(f)) {
                tighten(f);
                String stored = Files.readString(f, StandardCharsets.UTF_8).strip();
                if (stored.length() < MIN_LENGTH) {
                    throw ProdguardException.config("the API token in " + f + " is shorter than " + MIN_LENGTH
                            + " characters; delete the file to have the guardian generate a new one");
                }
                return new ApiToken(stored, f);
            }
            PrivateFiles.createDirectories(stateDir);
            String token = generate();
            Path tmp = stateDir.resolve(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            PrivateFiles.createOwnerOnly(tmp);
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f);
            }
            LOG.info("guardian: generated a new API token in {}", f);
            return new ApiToken(token, f);
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "could not read or write the API token file " + f + ": "
                    + e.getMessage() + "; check PRODGUARD_STATE_DIR is writable, or set PRODGUARD_API_TOKEN", e);
        }
    }

    /** A fresh random token: 32 bytes from {@link SecureRandom}, base64url without padding (43 characters). */
    static String generate() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void tighten(Path f) throws IOException {
        if (PrivateFiles.posix(f) && !Files.getPosixFilePermissions(f).equals(OWNER_ONLY)) {
            LOG.warn("guardian: the API token file {} was readable by others; set its mode to 0600", f);
            Files.setPosixFilePermissions(f, OWNER_ONLY);
        }
    }

    /**
     * True when the {@code Authorization} header value is {@code Bearer <this token>}; compared in
     * constant time (digests of equal length, {@link MessageDigest#isEqual}).
     */
    public boolean accepts(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    /** Where the token is, for the user: the file path, or the configuration variable. Never the token. */
    public String where() {
        return file != null ? file.toString() : ConfigKey.API_TOKEN.envName();
    }

    /** The generated token's file, or null when the token comes from configuration. */
    public Path file() {
        return file;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
