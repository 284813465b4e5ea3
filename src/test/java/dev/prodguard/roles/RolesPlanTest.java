package dev.prodguard.roles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.testing.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reviews what {@code roles plan} grants and withholds. */
class RolesPlanTest {
    @TempDir
    Path tmp;

    private static final List<String> DESTRUCTIVE = List.of("dropCollection", "dropDatabase", "dropIndex",
            "renameCollectionSameDB", "collMod", "convertToCapped", "createUser", "dropUser", "grantRole");

    private CliRun plan(String... extra) {
        List<String> args = new ArrayList<>(List.of("roles", "plan"));
        args.addAll(List.of(extra));
        return CliRun.run(Map.of("DB_NAME", "coinhubx_production", "PRODUCTION", "true"), tmp, args.toArray(String[]::new));
    }

    @Test
    void appRoleGrantsCrudAndWithholdsEveryDestructiveAction() {
        CliRun run = plan("--env", "production");
        assertThat(run.exitCode).as(run.toString()).isZero();
        String grants = run.out.lines().filter(l -> l.strip().startsWith("grants:")).findFirst().orElseThrow();
        assertThat(grants).contains("find", "insert", "update", "remove", "createIndex", "listCollections", "listIndexes");
        for (String action : DESTRUCTIVE) {
            assertThat(grants).as("granted line").doesNotContain(action);
            assertThat(run.out).as("withheld section names " + action).containsPattern("(?m)^ +" + action + ": ");
        }
        assertThat(run.out).contains("Custom role prodguard_app_production")
                .contains("coinhubx_app_production  [application]  roles: prodguard_app_production@admin")
                .contains("coinhubx_analytics_production  [analytics]  roles: read@coinhubx_production")
                .contains("coinhubx_breakglass_production  [break-glass]  roles: dbAdmin@coinhubx_production, readWrite@coinhubx_production")
                .contains("offline");
    }

    @Test
    void jsonPlanAndTheServerCommandCarryNoDestructiveAction() throws Exception {
        CliRun run = plan("--env", "production", "--json");
        assertThat(run.exitCode).as(run.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out);
        List<String> actions = new ArrayList<>();
        json.path("plan").path("appRole").path("actions").forEach(a -> actions.add(a.asText()));
        assertThat(actions).contains("find", "insert", "update", "remove").doesNotContainAnyElementsOf(DESTRUCTIVE);
        assertThat(json.path("plan").path("users")).hasSize(3);

        // the command sent to a real server has the shape MongoDB documents for createRole
        RolePlan plan = RolePlanner.plan("coinhubx_production", DeploymentEnv.PRODUCTION);
        String cmd = ServerUserAdmin.createRoleCommand(plan.appRole()).toJson();
        assertThat(cmd).isEqualTo("{\"createRole\": \"prodguard_app_production\", \"privileges\": [{\"resource\":"
                + " {\"db\": \"coinhubx_production\", \"collection\": \"\"}, \"actions\": [\"find\", \"insert\", \"update\","
                + " \"remove\", \"createIndex\", \"createCollection\", \"listCollections\", \"listIndexes\"]}], \"roles\": []}");
        String user = ServerUserAdmin.createUserCommand(plan.users().get(1), "pw-not-real").toJson();
        assertThat(user).isEqualTo("{\"createUser\": \"coinhubx_analytics_production\", \"pwd\": \"pw-not-real\","
                + " \"roles\": [{\"role\": \"read\", \"db\": \"coinhubx_production\"}]}");
    }

    @Test
    void productionAndPreviewNeverShareUsers() {
        RolePlan prod = RolePlanner.plan("coinhubx", DeploymentEnv.PRODUCTION);
        RolePlan preview = RolePlanner.plan("coinhubx", DeploymentEnv.PREVIEW);
        assertThat(RolesApplier.userNames(prod)).containsExactly("coinhubx_app_production",
                "coinhubx_analytics_production", "coinhubx_breakglass_production");
        assertThat(RolesApplier.userNames(prod)).doesNotContainAnyElementsOf(RolesApplier.userNames(preview));
        assertThat(preview.appRole().name()).isEqualTo("prodguard_app_preview");
        assertThat(Privileges.APP_ACTIONS).doesNotContainAnyElementsOf(Privileges.WITHHELD.keySet());
        assertThat(Privileges.atlasName("createIndex")).isEqualTo("CREATE_INDEX");
    }

    @Test
    void defaultEnvironmentFollowsProductionAndMissingDbNameIsAConfigError() {
        CliRun preview = CliRun.run(Map.of("DB_NAME", "coinhubx_preview", "PRODUCTION", "false"), tmp, "roles", "plan");
        assertThat(preview.out).contains("coinhubx_app_preview");
        CliRun none = CliRun.run(Map.of(), tmp, "roles", "plan");
        assertThat(none.exitCode).isEqualTo(3);
        assertThat(none.err).contains("DB_NAME is not set");
        CliRun bad = CliRun.run(Map.of("DB_NAME", "x"), tmp, "roles", "plan", "--env", "staging");
        assertThat(bad.exitCode).isEqualTo(2);
    }
}
