package dev.prodguard.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.config.PrivateFiles;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Writes a snapshot as a mongodump directory: {@code DIR/<db>/<collection>.bson} (concatenated
 * documents, exactly the stored bytes) and {@code <collection>.metadata.json} (options, indexes,
 * uuid, collectionName, type; canonical Extended JSON), so mongorestore can read it.
 */
public final class SnapshotExporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Repository repo;

    public SnapshotExporter(Repository repo) {
        this.repo = repo;
    }

    /** What an export wrote. */
    public record ExportResult(Path directory, int files, long bytes) {}

    /** Exports into {@code dir}; refuses a non-empty directory unless {@code force}. */
    public ExportResult export(SnapshotManifest m, Path dir, boolean force) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw ProdguardException.usage(dir + " exists and is not a directory; name a new or empty directory");
            }
            if (Files.isDirectory(dir) && !force) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw ProdguardException.refused("export directory " + dir + " is not empty; nothing was"
                                + " written. Name a new or empty directory, or add --force to write into it"
                                + " (files of the same name are replaced)");
                    }
                }
            }
            Path dbDir = dir.resolve(m.db());
            PrivateFiles.createDirectories(dbDir);
            int files = 0;
            long bytes = 0;
            for (CollectionEntry c : m.collections()) {
                String base = fileName(c.name());
                Path meta = dbDir.resolve(base + ".metadata.json");
                Path metaTmp = meta.resolveSibling(meta.getFileName() + ".partial");
                Files.deleteIfExists(metaTmp);
                PrivateFiles.writeNew(metaTmp, metadata(c));
                Files.move(metaTmp, meta, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                files++;
                if (!c.isView()) {
                    bytes += writeData(c, dbDir.resolve(base + ".bson"));
                    files++;
                }
            }
            return new ExportResult(dbDir, files, bytes);
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write the export to " + dir + ": " + e.getMessage()
                    + "; check the path, permissions and free space", e);
        }
    }

    private long writeData(CollectionEntry c, Path file) throws IOException {
        long n = 0;
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(tmp);
        try (OutputStream out = new java.io.BufferedOutputStream(PrivateFiles.createStream(tmp), 1 << 16)) {
            for (ObjectRef ref : c.objects()) {
                try (InputStream in = repo.openObject(ref)) {
                    n += in.transferTo(out);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return n;
    }

    /** mongodump's metadata document for a collection or view. */
    static byte[] metadata(CollectionEntry c) throws IOException {
        ObjectNode meta = JSON.createObjectNode();
        meta.set("options", c.options() == null ? JSON.createObjectNode() : c.options());
        ArrayNode ix = meta.putArray("indexes");
        c.indexes().forEach(ix::add);
        JsonNode uuid = c.info() == null ? null : c.info().path("uuid").path("$binary").path("base64");
        if (uuid != null && uuid.isTextual()) {
            meta.put("uuid", HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(uuid.asText())));
        }
        meta.put("collectionName", c.name());
        meta.put("type", c.type() == null ? "collection" : c.type());
        return JSON.writeValueAsBytes(meta);
    }

    /**
     * The file name mongodump uses for a collection: '/' and '%' (and NUL-free control characters)
     * percent-escaped, the rest kept.
     */
    static String fileName(String collection) {
        StringBuilder sb = new StringBuilder();
        for (char ch : collection.toCharArray()) {
            if (ch == '/' || ch == '%' || ch == '\\' || ch < 0x20) {
                sb.append(String.format("%%%02X", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
