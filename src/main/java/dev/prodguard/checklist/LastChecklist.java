package dev.prodguard.checklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.config.PrivateFiles;
import dev.prodguard.config.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The go-live checklist as last run, per stage: {@code check} keeps its report ({@link ChecklistJson}'s object plus
 * {@code ranAt}, scrubbed of secrets) in {@code PRODGUARD_STATE_DIR/checklist-<stage>.json} (0600), and the
 * dashboard shows it. Keeping it is best effort: a state directory that cannot be written never fails {@code check}.
 */
public final class LastChecklist {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LastChecklist() {}

    /** The file of a stage's last run. */
    static Path file(Path stateDir, Stage stage) {
        return stateDir.resolve("checklist-" + stage.wireName() + ".json");
    }

    /** Keeps {@code report}, run at {@code at}; returns false (and keeps nothing) when the state directory refuses it. */
    public static boolean save(Path stateDir, ChecklistReport report, Instant at) {
        try {
            ObjectNode o = (ObjectNode) MAPPER.readTree(Secrets.scrub(ChecklistJson.render(report)));
            o.put("ranAt", at.toString());
            PrivateFiles.createDirectories(stateDir);
            Path target = file(stateDir, report.stage());
            Path tmp = stateDir.resolve(target.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            PrivateFiles.createOwnerOnly(tmp);
            Files.writeString(tmp, MAPPER.writeValueAsString(o), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The last run of each stage that has one (pre-live first), as {@link ChecklistJson} objects with {@code ranAt}. */
    public static List<JsonNode> load(Path stateDir) {
        List<JsonNode> out = new ArrayList<>();
        for (Stage s : Stage.values()) {
            Path f = file(stateDir, s);
            try {
                if (Files.isRegularFile(f)) {
                    out.add(MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                // an unreadable file shows as "never run"; check writes it anew
            }
        }
        return out;
    }
}
