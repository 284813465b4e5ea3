package dev.prodguard.roles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.cli.CliContext;
import dev.prodguard.cli.Main;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code roles apply} and {@code roles rotate}: embedded server, Atlas-looking hosts, password files. */
class RolesApplyTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path tmp;

    private static final String ATLAS_URL = "mongodb+srv://coinhubx_admin:AdminPw123-notreal@cluster0.ab12c.mongodb.net/?retryWrites=true&w=majority";

    private Map<String, String> env(String url) {
        return Map.of("MONGO_URL", url, "DB_NAME", "coinhubx_production", "PRODUCTION", "true",
                "PRODGUARD_STATE_DIR", tmp.resolve("state").toString());
    }

    @Test
    void embeddedServerHasNoUserManagementSoApplySaysNotSupported() {
        Assumptions.assumeTrue(mongo.isEmbedded(), "only the embedded server lacks user management");
        CliRun run = CliRun.run(env(mongo.uri()), tmp, "roles", "apply", "--out", "pw.txt");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(10);
        assertThat(run.err).contains("does not support user management").contains("usersInfo").contains("roles plan");
        assertThat(tmp.resolve("pw.txt")).doesNotExist();
        assertThat(tmp.resolve("state").resolve(PasswordAges.FILE_NAME)).doesNotExist();

        CliRun rotate = CliRun.run(env(mongo.uri()), tmp, "roles", "rotate", "coinhubx_app_production", "--out", "pw.txt");
        assertThat(rotate.exitCode).as(rotate.toString()).isEqualTo(10);
    }

    @Test
    void atlasHostGetsAtlasCliStepsAndPasswordsOnlyInA0600File() throws Exception {
        long start = System.nanoTime();
        CliRun run = CliRun.run(env(ATLAS_URL), tmp, "roles", "apply", "--out", "pw.txt");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out)
                .contains("nothing was changed")
                .contains("atlas customDbRoles create prodguard_app_production --privilege FIND@coinhubx_production,"
                        + "INSERT@coinhubx_production,UPDATE@coinhubx_production,REMOVE@coinhubx_production,CREATE_INDEX@coinhubx_production")
                .contains("atlas dbusers create --username coinhubx_app_production --role prodguard_app_production@admin")
                .contains("atlas dbusers create --username coinhubx_analytics_production --role read@coinhubx_production")
                .contains("atlas dbusers create --username coinhubx_breakglass_production --role dbAdmin@coinhubx_production,readWrite@coinhubx_production")
                .contains("POST /api/atlas/v2/groups/{groupId}/databaseUsers")
                .doesNotContain("DROP_COLLECTION").doesNotContain("DROP_DATABASE")
                .doesNotContain("AdminPw123-notreal");
        assertThat(ms).as("no connection attempted (the host does not exist)").isLessThan(2500);

        Path file = tmp.resolve("pw.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<String> entries = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(entries).hasSize(3);
        for (String line : entries) {
            String pw = line.substring(line.indexOf('=') + 1);
            assertThat(pw).hasSize(PasswordGenerator.LENGTH).matches("[A-Za-z0-9_-]+");
            assertThat(run.all()).doesNotContain(pw);
        }
        assertThat(new PasswordAges(tmp.resolve("state"), Clock.systemUTC()).all()).extracting(PasswordAges.UserAge::user)
                .containsExactlyInAnyOrder("coinhubx_app_production", "coinhubx_analytics_production", "coinhubx_breakglass_production");
        assertThat(Files.readString(tmp.resolve("state").resolve(PasswordAges.FILE_NAME))).doesNotContain(entries.get(0).split("=")[1]);

        String before = Files.readString(file);
        CliRun again = CliRun.run(env(ATLAS_URL), tmp, "roles", "apply", "--out", "pw.txt");
        assertThat(again.exitCode).isEqualTo(7);
        assertThat(again.err).contains("already exists; refusing to overwrite");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void withoutATerminalPasswordsNeedAFile() {
        CliRun run = CliRun.run(env(ATLAS_URL), tmp, "roles", "apply");
        assertThat(run.exitCode).isEqualTo(7);
        assertThat(run.err).contains("pass --out FILE");
    }

    @Test
    void onATerminalPasswordsAreShownOnce() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(new HashMap<>(env(ATLAS_URL)), tmp, tmp.resolve("home"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), true);
        int code = Main.run(ctx, "roles", "apply", "--env", "production");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text + err).isZero();
        assertThat(text).contains("shown once").containsPattern("(?m)^  coinhubx_app_production  [A-Za-z][A-Za-z0-9_-]{31}$");
    }

    @Test
    void rotateOnAtlasPrintsTheUpdateStepAndResetsTheAge() throws Exception {
        CliRun run = CliRun.run(env(ATLAS_URL), tmp, "roles", "rotate", "coinhubx_app_production", "--out", "new.txt");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("atlas dbusers update coinhubx_app_production --password \"$(sed -n 's/^coinhubx_app_production=//p' "
                + tmp.resolve("new.txt") + ")\"");
        String pw = Files.readAllLines(tmp.resolve("new.txt")).get(2).split("=", 2)[1];
        assertThat(run.all()).doesNotContain(pw);
        assertThat(new PasswordAges(tmp.resolve("state"), Clock.systemUTC()).all()).singleElement()
                .satisfies(a -> assertThat(a.days()).isZero());
    }
}
