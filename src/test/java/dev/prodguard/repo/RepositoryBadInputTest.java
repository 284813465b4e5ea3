package dev.prodguard.repo;

import static dev.prodguard.repo.RepositoryRoundTripTest.SMALL;
import static dev.prodguard.repo.RepositoryRoundTripTest.create;
import static dev.prodguard.repo.RepositoryRoundTripTest.randomBytes;
import static dev.prodguard.repo.RepositoryRoundTripTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong key, missing key, newer format, missing or foreign repository: clear errors, nothing changed. */
class RepositoryBadInputTest {
    private static final String KEY = "correct horse battery";

    @TempDir
    Path dir;

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
            String... fragments) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProdguardException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(fragments).doesNotContain(KEY).doesNotContain("\n");
        });
    }

    @Test
    void wrongKeyIsAKeyErrorNotGarbage() throws Exception {
        ObjectRef ref;
        try (Repository repo = create(dir, true)) {
            ref = write(repo, randomBytes(1000, 1));
        }
        assertCode(() -> Repository.open(new FileStorage(dir), "correct horse batterx".toCharArray()), ErrorCode.KEY,
                "the repository key is wrong", "PRODGUARD_REPO_KEY", dir.toString());
        assertCode(() -> Repository.openOrCreate(new FileStorage(dir), "wrong".toCharArray(), SMALL), ErrorCode.KEY,
                "the repository key is wrong");
        // the right key still works: nothing was changed by the failed attempts
        try (Repository repo = Repository.open(new FileStorage(dir), KEY.toCharArray())) {
            repo.verifyObject(ref);
        }
    }

    @Test
    void missingKeyForAnEncryptedRepositoryNamesTheVariable() {
        create(dir, true).close();
        assertCode(() -> Repository.open(new FileStorage(dir), null), ErrorCode.KEY, "encrypted",
                "PRODGUARD_REPO_KEY is not set");
        assertCode(() -> Repository.open(new FileStorage(dir), new char[0]), ErrorCode.KEY, "PRODGUARD_REPO_KEY");
        assertCode(() -> Repository.openOrCreate(new FileStorage(dir), null, SMALL), ErrorCode.KEY, "PRODGUARD_REPO_KEY");
    }

    @Test
    void aKeyForAnUnencryptedRepositoryIsRefusedRatherThanIgnored() {
        create(dir, false).close();
        assertCode(() -> Repository.open(new FileStorage(dir), KEY.toCharArray()), ErrorCode.KEY, "not encrypted",
                "PRODGUARD_REPO_KEY");
    }

    @Test
    void aTooShortKeyCannotCreateARepository() {
        assertCode(() -> Repository.openOrCreate(new FileStorage(dir), "abc".toCharArray(), SMALL), ErrorCode.KEY,
                "shorter than 12 characters");
        assertThat(dir.resolve(RepositoryDescriptor.KEY)).doesNotExist();
    }

    @Test
    void aNewerFormatVersionNamesBothVersions() throws Exception {
        create(dir, false).close();
        Path descriptor = dir.resolve(RepositoryDescriptor.KEY);
        String json = Files.readString(descriptor).replace("\"formatVersion\" : 1", "\"formatVersion\" : 3");
        assertThat(json).contains("\"formatVersion\" : 3");
        Files.writeString(descriptor, json);
        assertCode(() -> Repository.open(new FileStorage(dir), null), ErrorCode.REPOSITORY, "format version 3",
                "format version 2", "upgrade prodguard");
        assertCode(() -> Repository.openOrCreate(new FileStorage(dir), null, SMALL), ErrorCode.REPOSITORY,
                "format version 3");
        assertThat(Files.readString(descriptor)).isEqualTo(json); // untouched
    }

    @Test
    void aDamagedDescriptorIsARepositoryError() throws Exception {
        create(dir, false).close();
        Files.writeString(dir.resolve(RepositoryDescriptor.KEY), "{\"format\": \"prodguard-repos");
        assertCode(() -> Repository.open(new FileStorage(dir), null), ErrorCode.REPOSITORY, "descriptor",
                "damaged", dir.toString());
    }

    @Test
    void openingAMissingRepositorySaysHowToCreateOne() {
        Path missing = dir.resolve("nowhere");
        assertCode(() -> Repository.open(new FileStorage(missing), null), ErrorCode.REPOSITORY,
                "no backup repository at " + missing, "prodguard backup", "PRODGUARD_REPO");
        assertThat(missing).doesNotExist(); // opening never creates
    }

    @Test
    void aNonEmptyForeignDirectoryIsNotTurnedIntoARepository() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertCode(() -> Repository.openOrCreate(new FileStorage(dir), null, SMALL), ErrorCode.REPOSITORY,
                "not empty", "PRODGUARD_REPO");
        assertThat(dir.resolve(RepositoryDescriptor.KEY)).doesNotExist();
    }

    @Test
    void anUnwritableRepositoryPathIsAStorageErrorNamingIt() throws Exception {
        // the tests may run as root, where permissions do not bind: a path below a regular file
        // cannot be created by anyone
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Path repoPath = file.resolve("repo");
        assertCode(() -> Repository.openOrCreate(new FileStorage(repoPath), null, SMALL), ErrorCode.STORAGE,
                file.toString(), "PRODGUARD_REPO");
        assertThat(ErrorCode.STORAGE.exitCode()).isEqualTo(9);
    }

    @Test
    void anEncryptedRepositoryHoldsNoPlaintext() throws Exception {
        // documents with recognisable field names and values, as BSON
        byte[] bson = bsonDocuments();
        byte[] manifest = "{\"collection\":\"wallets_marker\",\"documents\":1000}".getBytes(StandardCharsets.UTF_8);
        Path plainDir = dir.resolve("plain");
        Path encDir = dir.resolve("enc");
        ObjectRef plainRef = null;
        ObjectRef encRef = null;
        for (Path p : new Path[] {plainDir, encDir}) {
            try (Repository repo = create(p, p == encDir)) {
                ObjectRef ref = write(repo, bson);
                repo.writeManifest("snapshot", "s1", manifest);
                repo.putRecord("verify/last", manifest);
                repo.verifyObject(ref);
                if (p == encDir) {
                    encRef = ref;
                } else {
                    plainRef = ref;
                }
            }
        }
        String[] markers = {"balance_marker", "wallets_marker", "0xCAFEBABE-marker"};
        // control, so the check can fail: a plain repository is readable with zstd alone
        assertThat(allStoredBytes(plainDir)).contains("wallets_marker");
        assertThat(new String(zstdDecompress(plainDir.resolve(plainRef.key())), StandardCharsets.ISO_8859_1))
                .contains("balance_marker", "0xCAFEBABE-marker");
        // an encrypted one shows no marker, raw or decompressed
        assertThat(allStoredBytes(encDir)).doesNotContain(markers);
        Path encFile = encDir.resolve(encRef.key());
        assertThatThrownBy(() -> zstdDecompress(encFile)).isInstanceOf(java.io.IOException.class);
    }

    private static byte[] zstdDecompress(Path file) throws java.io.IOException {
        try (var in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static byte[] bsonDocuments() {
        org.bson.io.BasicOutputBuffer buf = new org.bson.io.BasicOutputBuffer();
        org.bson.codecs.BsonDocumentCodec codec = new org.bson.codecs.BsonDocumentCodec();
        for (int i = 0; i < 1000; i++) {
            org.bson.BsonDocument d = new org.bson.BsonDocument("_id", new org.bson.BsonInt32(i))
                    .append("balance_marker", new org.bson.BsonDecimal128(org.bson.types.Decimal128.parse(i + ".25")))
                    .append("note", new org.bson.BsonString("0xCAFEBABE-marker " + i));
            codec.encode(new org.bson.BsonBinaryWriter(buf), d, org.bson.codecs.EncoderContext.builder().build());
        }
        return buf.toByteArray();
    }

    private static String allStoredBytes(Path root) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(RepositoryDescriptor.KEY)) {
                    sb.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
