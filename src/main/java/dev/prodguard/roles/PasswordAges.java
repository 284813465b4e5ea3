package dev.prodguard.roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * When each database user's password was created and last set, kept in the state directory
 * ({@code password-ages.json}, never a password), and which passwords are past the guide's 90-day
 * rotation period. The service {@code check}, {@code report} and the guardian ask for reminders.
 */
public final class PasswordAges {
    /** The guide's rotation period. */
    public static final Duration ROTATION_PERIOD = Duration.ofDays(90);
    /** File name inside {@link ConfigKey#STATE_DIR}. */
    public static final String FILE_NAME = "password-ages.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Clock clock;

    /** One user's password age. */
    public record UserAge(String user, String database, Instant createdAt, Instant passwordSetAt, Duration age) {
        /** Whole days since the password was set. */
        public long days() {
            return age.toDays();
        }

        /** True when the password is older than the rotation period. */
        public boolean overdue() {
            return age.compareTo(ROTATION_PERIOD) > 0;
        }
    }

    public PasswordAges(Path stateDir, Clock clock) {
        this.file = stateDir.resolve(FILE_NAME);
        this.clock = clock;
    }

    /** The ages kept in the configured state directory. */
    public static PasswordAges of(Settings settings, Clock clock) {
        return new PasswordAges(settings.path(ConfigKey.STATE_DIR), clock);
    }

    /** Records that a user's password was set now (created, or rotated when already known). */
    public synchronized void recordPasswordSet(String user, String database) {
        ObjectNode root = read();
        ObjectNode users = root.withObjectProperty("users");
        ObjectNode entry = users.has(user) ? (ObjectNode) users.get(user) : users.putObject(user);
        String now = clock.instant().toString();
        if (!entry.has("createdAt")) {
            entry.put("createdAt", now);
        }
        entry.put("passwordSetAt", now);
        entry.put("database", database);
        write(root);
    }

    /** Every recorded user, oldest password first. */
    public List<UserAge> all() {
        List<UserAge> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Map.Entry<String, JsonNode> e : read().path("users").properties()) {
            JsonNode n = e.getValue();
            Instant set = Instant.parse(n.path("passwordSetAt").asText());
            Instant created = n.has("createdAt") ? Instant.parse(n.path("createdAt").asText()) : set;
            out.add(new UserAge(e.getKey(), n.path("database").asText(""), created, set, Duration.between(set, now)));
        }
        out.sort(Comparator.comparing(UserAge::passwordSetAt));
        return out;
    }

    /** The users whose password is older than 90 days: the ones to remind about. */
    public List<UserAge> overdue() {
        return all().stream().filter(UserAge::overdue).toList();
    }

    private ObjectNode read() {
        if (!Files.exists(file)) {
            return JSON.createObjectNode().put("version", 1);
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (!(n instanceof ObjectNode o)) {
                throw new IOException("not a JSON object");
            }
            for (JsonNode u : o.path("users")) {
                Instant.parse(u.path("passwordSetAt").asText()); // validate
            }
            return o;
        } catch (IOException | RuntimeException e) {
            throw ProdguardException.config("cannot read " + file + " (password ages): " + e.getMessage()
                    + "; fix or delete it (ages restart from the next apply or rotate)");
        }
    }

    private void write(ObjectNode root) {
        try {
            dev.prodguard.config.PrivateFiles.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".password-ages", ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write " + file + ": " + e.getMessage()
                    + "; check PRODGUARD_STATE_DIR");
        }
    }
}
