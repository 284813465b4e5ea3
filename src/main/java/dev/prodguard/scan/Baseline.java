package dev.prodguard.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.config.PrivateFiles;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The accepted findings of a project ({@code .prodguard-scan-baseline.json}): fingerprints with the
 * rule and file for a reader, never a secret or even its mask.
 */
public final class Baseline {
    /** The default file name, in the scanned directory. */
    public static final String DEFAULT_NAME = ".prodguard-scan-baseline.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Set<String> fingerprints;

    private Baseline(Set<String> fingerprints) {
        this.fingerprints = fingerprints;
    }

    /** An empty baseline: every finding is new. */
    public static Baseline empty() {
        return new Baseline(Set.of());
    }

    /** Loads a baseline; a missing file is an empty baseline. @throws ProdguardException CONFIG when unreadable */
    public static Baseline load(Path file) {
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Set<String> fps = new HashSet<>();
            for (JsonNode entry : root.path("accepted")) {
                String fp = entry.path("fingerprint").asText("");
                if (!fp.matches("[0-9a-f]{64}")) {
                    throw new IOException("an entry has no valid 'fingerprint' (64 hex digits)");
                }
                fps.add(fp);
            }
            return new Baseline(fps);
        } catch (IOException e) {
            throw ProdguardException.config("cannot read the scan baseline " + file + ": " + e.getMessage()
                    + "; fix it or recreate it with 'prodguard scan --update-baseline'");
        }
    }

    /** Whether a finding was accepted. */
    public boolean accepts(Finding f) {
        return fingerprints.contains(f.fingerprint());
    }

    /** Writes the given findings as the new baseline (temp file + atomic rename). */
    public static void write(Path file, Collection<Finding> findings) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("note", "findings accepted by 'prodguard scan'; fingerprint = SHA-256(rule, file, secret)."
                + " Remove an entry to report it again.");
        ArrayNode accepted = root.putArray("accepted");
        for (Finding f : findings) {
            ObjectNode e = accepted.addObject();
            e.put("fingerprint", f.fingerprint());
            e.put("rule", f.rule().id());
            e.put("file", f.file());
        }
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent()); // in the project tree: its own folders keep the umask
            PrivateFiles.replace(abs, JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write the scan baseline " + file + ": "
                    + e.getMessage());
        }
    }
}
