package dev.prodguard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.capture.CapturePosition;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentWriter;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} reads the change history too (issue 14): every segment (manifest, object, events), anchor,
 * gap and the capture tip, and the continuity of each run; each problem names the restore points it affects.
 * The history is {@link GeneratedHistory}: 20 segments, a snapshot at 10:00:02 anchored after segment 1,
 * segment k's changes at 10:00:00 + 5(k-1) s, the tip at 10:02:05.
 */
class HistoryVerifyTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static GeneratedHistory template;
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path repoDir;

    @BeforeAll
    static void writeHistory() {
        template = GeneratedHistory.write(mongo.client(), shared.resolve("repo"), TestMongo.uniqueDb("hist"), 20, 3);
    }

    @BeforeEach
    void copy() throws Exception {
        repoDir = dir.resolve("repo");
        dev.prodguard.testing.Folders.copy(template.repoDir, repoDir);
    }

    private Path at(Path templatePath) {
        return repoDir.resolve(template.repoDir.relativize(templatePath).toString());
    }

    private CliRun verify(String... extra) {
        String[] args = Stream.concat(Stream.of("verify"), Stream.of(extra)).toArray(String[]::new);
        return CliRun.run(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", template.db, "PRODGUARD_REPO", repoDir.toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString()), dir, template.clock, args);
    }

    private static void flip(Path p) throws Exception {
        RepositoryFiles.Damage.FLIP.apply(p);
    }

    private String seg(long seq) {
        return SegmentManifest.id(template.db, seq);
    }

    @Test
    void anIntactHistoryIsSound() {
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("20 change segment(s)").contains("57 event(s)").contains("all sound")
                .doesNotContain("stale");
    }

    @Test
    void aMissingMiddleSegmentIsReportedWithTheWindowItBreaks() throws Exception {
        Files.delete(at(template.segmentManifest(10)));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains(seg(10)).contains("missing")
                .contains("point-in-time restores of " + template.db + " between 2026-11-25T10:00:40Z and 2026-11-25T10:02:04.999Z");
    }

    @Test
    void aDamagedSegmentObjectIsNamed() throws Exception {
        Path object = template.segmentObject(7);
        flip(at(object));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains(template.repoDir.relativize(object).toString().replace('\\', '/'))
                .contains("point-in-time restores of " + template.db + " between 2026-11-25T10:00:25Z and 2026-11-25T10:02:04.999Z");
    }

    @Test
    void aDeletedSegmentObjectIsNamed() throws Exception {
        Path object = template.segmentObject(15);
        Files.delete(at(object));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains(template.repoDir.relativize(object).toString().replace('\\', '/')).contains(seg(15));
    }

    @Test
    void aDamagedAnchorIsNamed() throws Exception {
        flip(at(template.manifest(SnapshotAnchor.KIND, template.snapshotId)));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains("manifests/anchor/" + template.snapshotId + ".manifest")
                .contains("point-in-time restore");
    }

    @Test
    void anAnchorNamingAMissingSegmentIsDamage() throws Exception {
        Files.delete(at(template.segmentManifest(1)));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains("anchor").contains(seg(1)).contains(template.snapshotId);
    }

    @Test
    void aDamagedTipIsReported() throws Exception {
        flip(at(template.record("capture-tip/" + template.db)));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains("records/capture-tip/" + template.db + ".record")
                .contains("point-in-time restores of " + template.db + " between 2026-11-25T10:01:35Z and 2026-11-25T10:02:05.500Z");
    }

    @Test
    void aMissingTipIsReportedWhenTheStatusRecordShowsCaptureAdvancedIt() throws Exception {
        Files.delete(at(template.record("capture-tip/" + template.db)));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains("capture tip").contains("missing");
    }

    @Test
    void aMissingNewestSegmentIsCaughtByTheTip() throws Exception {
        Files.delete(at(template.segmentManifest(20)));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains(seg(20)).contains("missing");
    }

    @Test
    void aStaleTipIsFine() {
        try (Repository repo = Repository.open(new FileStorage(repoDir), null);
                SegmentWriter w = SegmentWriter.resume(repo, template.db, "collection streams", template.clock, Duration.ofSeconds(1))) {
            template.clock.set(template.tipAt.plusSeconds(10));
            w.add(List.of(), CapturePosition.afterTime(GeneratedHistory.ts(template.tipAt.plusSeconds(9), 1)));
            w.requireSegment();
            assertThat(w.commit()).isNotNull(); // segment 21 supersedes the tip
        }
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("21 change segment(s)").contains("stale");
    }

    @Test
    void aSegmentStartingBeforeThePreviousPositionBreaksContinuity() throws Exception {
        SegmentManifest last = SegmentManifest.fromJson(template.repo.readManifest(SegmentManifest.KIND, seg(20)));
        SegmentManifest bad = new SegmentManifest(21, template.db, last.path(), 0, GeneratedHistory.ts(GeneratedHistory.eventTime(3), 1),
                GeneratedHistory.ts(GeneratedHistory.eventTime(3), 1), null, null, last.position(), null, last.committedAt());
        try (Repository repo = Repository.open(new FileStorage(repoDir), null)) {
            repo.writeManifest(SegmentManifest.KIND, bad.id(), bad.toJson());
        }
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains(seg(21)).contains("before");
    }

    @Test
    void aSnapshotManifestThatAnAnchorNamesIsDamageWhenMissing() throws Exception {
        Files.delete(at(template.manifest(SnapshotManifest.KIND, template.snapshotId)));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains("snapshot " + template.snapshotId).contains("missing")
                .contains("snapshot " + template.snapshotId + " and restores based on it").doesNotContain("harmless");
    }

    @Test
    void objectsOfASnapshotNothingNamesAreNamedForWhatTheyMayBe() throws Exception {
        Files.delete(at(template.manifest(SnapshotManifest.KIND, template.snapshotId)));
        Files.delete(at(template.manifest(SnapshotAnchor.KIND, template.snapshotId)));
        CliRun r = verify();
        assertThat(r.all()).contains("objects of snapshot " + template.snapshotId
                + " without a manifest: an interrupted backup, or a deleted manifest").doesNotContain("harmless");
    }

    @Test
    void theLastRestoreTestNamingASnapshotWhoseObjectsRemainIsDamage() throws Exception {
        Files.delete(at(template.manifest(SnapshotManifest.KIND, template.snapshotId)));
        Files.delete(at(template.manifest(SnapshotAnchor.KIND, template.snapshotId)));
        try (Repository repo = Repository.open(new FileStorage(repoDir), null)) {
            repo.putRecord(RestoreTestRecord.RECORD, ("{\"snapshotId\":\"" + template.snapshotId + "\",\"at\":\"2026-11-25T10:00:03Z\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains("the manifest of snapshot " + template.snapshotId + " is missing").contains("verify/last");
        // without its objects, the snapshot the last restore test used is simply gone (retention deletes manifest, then objects)
        try (Stream<Path> objects = Files.list(repoDir.resolve("data/snapshots/" + template.snapshotId))) {
            for (Path p : objects.toList()) {
                Files.delete(p);
            }
        }
        CliRun pruned = verify();
        assertThat(pruned.all()).as(pruned.toString()).contains("no longer in the repository").doesNotContain("BAD");
    }

    @Test
    void jsonCarriesEveryProblemWithKindObjectMessageAndAffects() throws Exception {
        Files.delete(at(template.segmentManifest(10)));
        flip(at(template.segmentObject(7)));
        CliRun r = verify("--json");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        JsonNode o = JSON.readTree(r.out);
        assertThat(o.path("ok").asBoolean(true)).isFalse();
        assertThat(o.path("segments").asInt()).isEqualTo(19);
        JsonNode problems = o.path("problems");
        assertThat(problems.size()).isGreaterThanOrEqualTo(2);
        for (JsonNode p : problems) {
            assertThat(p.path("kind").asText()).isNotEmpty();
            assertThat(p.path("message").asText()).isNotEmpty();
            assertThat(p.path("object").isTextual() || p.path("manifest").isTextual()).as(p.toString()).isTrue();
            assertThat(p.path("affects").isArray()).as(p.toString()).isTrue();
        }
        assertThat(problems.findValuesAsText("manifest")).anyMatch(m -> m.contains(seg(10)));
        assertThat(problems.findValuesAsText("kind")).contains("segment-object");
    }

    @Test
    void aKeyThatDoesNotOpenTheRepositoryIsExitSix() {
        CliRun r = CliRun.run(Map.of("MONGO_URL", mongo.uri(), "DB_NAME", template.db, "PRODGUARD_REPO", repoDir.toString(),
                "PRODGUARD_STATE_DIR", dir.resolve("state").toString(), "PRODGUARD_REPO_KEY", "not-the-key-1234"), dir,
                template.clock, "verify");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(6);
        assertThat(r.err.strip().lines().count()).isEqualTo(1);
    }

    @Test
    void aRepositoryThatCannotBeReadIsExitFive() throws Exception {
        Files.delete(repoDir.resolve("prodguard-repo.json"));
        CliRun r = verify();
        assertThat(r.exitCode).as(r.toString()).isEqualTo(5);
        assertThat(r.err.strip().lines().count()).isEqualTo(1);
    }
}
