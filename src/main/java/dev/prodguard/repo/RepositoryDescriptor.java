package dev.prodguard.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The repository descriptor, {@code prodguard-repo.json}: format version, id, creation time,
 * compression, and (when encrypted) the cipher, chunk size, KDF parameters, key-check value and the
 * descriptor's own authentication code ({@code mac}: HMAC-SHA256 over {@link #canonical()} with a key
 * derived from the passphrase; null in descriptors written before it existed).
 */
record RepositoryDescriptor(int formatVersion, String id, Instant created, String createdBy, int zstdLevel,
        Encryption encryption, byte[] mac) {
    static final String KEY = "prodguard-repo.json";
    static final String FORMAT = "prodguard-repository";
    /** The newest format this build reads. Version 2 is written for Argon2id repositories, 1 otherwise. */
    static final int CURRENT_VERSION = 2;
    /** The format of descriptors that need nothing version 2 added (unencrypted, or PBKDF2). */
    static final int VERSION_1 = 1;
    static final String CIPHER = "AES-256-GCM-chunked";

    /**
     * Encryption parameters; all byte values are base64 in the JSON. {@code memoryKiB} and
     * {@code parallelism} are Argon2id's (0 for PBKDF2, whose cost is {@code iterations} alone).
     */
    record Encryption(int chunkSize, String kdf, int iterations, int memoryKiB, int parallelism, byte[] salt,
            byte[] keyCheck) {
        /** The descriptor format version these parameters need. */
        int formatVersion() {
            return RepoKeys.ARGON2ID.equals(kdf) ? CURRENT_VERSION : VERSION_1;
        }
    }


    /** This descriptor with an authentication code. */
    RepositoryDescriptor withMac(byte[] code) {
        return new RepositoryDescriptor(formatVersion, id, created, createdBy, zstdLevel, encryption, code);
    }

    /**
     * The exact bytes the authentication code covers: one {@code name=value} line per field, in this
     * order, UTF-8, lines ended by '\n' (docs/repository-format.md).
     */
    byte[] canonical() {
        StringBuilder sb = new StringBuilder();
        sb.append(FORMAT).append('\n');
        sb.append("formatVersion=").append(formatVersion).append('\n');
        sb.append("id=").append(id).append('\n');
        sb.append("created=").append(created).append('\n');
        sb.append("createdBy=").append(createdBy).append('\n');
        sb.append("compression=zstd:").append(zstdLevel).append('\n');
        if (encryption == null) {
            sb.append("encryption=none\n");
        } else {
            Base64.Encoder b64 = Base64.getEncoder();
            sb.append("cipher=").append(CIPHER).append('\n');
            sb.append("chunkSize=").append(encryption.chunkSize()).append('\n');
            sb.append("kdf=").append(encryption.kdf()).append(";iterations=").append(encryption.iterations());
            if (encryption.memoryKiB() > 0) {
                sb.append(";memoryKiB=").append(encryption.memoryKiB()).append(";parallelism=").append(encryption.parallelism());
            }
            sb.append(";salt=").append(b64.encodeToString(encryption.salt())).append('\n');
            sb.append("keyCheck=").append(b64.encodeToString(encryption.keyCheck())).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] toJson() {
        ObjectNode root = JsonTrees.object();
        root.put("format", FORMAT);
        root.put("formatVersion", formatVersion);
        root.put("id", id);
        root.put("created", created.toString());
        root.put("createdBy", createdBy);
        ObjectNode comp = root.putObject("compression");
        comp.put("algorithm", "zstd");
        comp.put("level", zstdLevel);
        if (encryption == null) {
            root.putNull("encryption");
        } else {
            ObjectNode enc = root.putObject("encryption");
            enc.put("cipher", CIPHER);
            enc.put("chunkSize", encryption.chunkSize());
            ObjectNode kdf = enc.putObject("kdf");
            kdf.put("algorithm", encryption.kdf());
            kdf.put("iterations", encryption.iterations());
            if (encryption.memoryKiB() > 0) {
                kdf.put("memoryKiB", encryption.memoryKiB());
                kdf.put("parallelism", encryption.parallelism());
            }
            kdf.put("salt", Base64.getEncoder().encodeToString(encryption.salt()));
            kdf.put("keyLength", 32);
            enc.put("keyCheck", Base64.getEncoder().encodeToString(encryption.keyCheck()));
        }
        if (mac != null) {
            root.put("mac", Base64.getEncoder().encodeToString(mac));
        }
        try {
            return JsonTrees.write(root, true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a descriptor; REPOSITORY when damaged, or written by a newer format version. */
    static RepositoryDescriptor parse(byte[] bytes, String location) {
        JsonNode root;
        try {
            root = JsonTrees.read(bytes);
        } catch (IOException e) {
            throw damaged(location, "not valid JSON");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw damaged(location, "not a prodguard repository descriptor");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version < 1) {
            throw damaged(location, "no valid formatVersion");
        }
        if (version > CURRENT_VERSION) {
            throw ProdguardException.repository("the backup repository at " + location + " has format version "
                    + version + ", newer than the format version " + CURRENT_VERSION + " this prodguard reads;"
                    + " upgrade prodguard to use it (nothing was changed)");
        }
        try {
            Encryption enc = null;
            JsonNode e = root.path("encryption");
            if (e.isObject()) {
                if (!CIPHER.equals(e.path("cipher").asText())) {
                    throw damaged(location, "unknown cipher '" + e.path("cipher").asText() + "'");
                }
                JsonNode kdf = e.path("kdf");
                String algorithm = kdf.path("algorithm").asText();
                boolean argon = RepoKeys.ARGON2ID.equals(algorithm) && version >= 2;
                if (!RepoKeys.KDF.equals(algorithm) && !argon) {
                    throw damaged(location, "unknown key derivation '" + algorithm + "'");
                }
                int chunk = e.path("chunkSize").asInt();
                int iterations = kdf.path("iterations").asInt();
                int memory = argon ? kdf.path("memoryKiB").asInt() : 0;
                int lanes = argon ? kdf.path("parallelism").asInt() : 0;
                if (chunk < ChunkedGcm.MIN_CHUNK || chunk > ChunkedGcm.MAX_CHUNK || iterations < 1
                        || (argon && (lanes < 1 || lanes > 64 || memory < 8 * lanes || memory > 4 * 1024 * 1024))) {
                    throw damaged(location, "invalid encryption parameters");
                }
                enc = new Encryption(chunk, algorithm, iterations, memory, lanes,
                        Base64.getDecoder().decode(kdf.path("salt").asText()),
                        Base64.getDecoder().decode(e.path("keyCheck").asText()));
            } else if (!e.isNull()) {
                throw damaged(location, "missing encryption field");
            }
            String id = root.path("id").asText();
            if (id.isEmpty()) {
                throw damaged(location, "missing id");
            }
            JsonNode macNode = root.path("mac");
            byte[] mac = macNode.isTextual() ? Base64.getDecoder().decode(macNode.asText()) : null;
            if (!macNode.isMissingNode() && !macNode.isNull() && (mac == null || mac.length != 32)) {
                throw damaged(location, "invalid mac");
            }
            return new RepositoryDescriptor(version, id, Instant.parse(root.path("created").asText()),
                    root.path("createdBy").asText(), root.path("compression").path("level").asInt(3), enc, mac);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException ex) {
            throw damaged(location, "invalid field (" + ex.getMessage() + ")");
        }
    }

    private static ProdguardException damaged(String location, String why) {
        return ProdguardException.repository("the backup repository descriptor " + location + "/" + KEY
                + " is damaged: " + why + "; restore it from a copy of the repository, or point PRODGUARD_REPO"
                + " at another repository");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
