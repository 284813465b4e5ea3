package dev.prodguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prodguard.roles.DeploymentEnv;
import dev.prodguard.roles.PlanPrinter;
import dev.prodguard.roles.Privileges;
import dev.prodguard.roles.RolePlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard roles plan}: shows the least-privilege role and users; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {
            "Show the least-privilege role and users for an environment.",
            "It changes nothing and needs no connection."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard roles plan",
            "  prodguard roles plan --env preview --json"})
public final class RolesPlanCommand implements Callable<Integer> {
    @ParentCommand
    RolesCommand parent;

    @Option(names = "--env", paramLabel = "ENV", description = "production or preview. Default: from PRODUCTION.")
    DeploymentEnv env;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = parent.ctx();
        RolePlan plan = parent.plan(env);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", plan);
            doc.put("withheldReasons", Privileges.WITHHELD);
            ctx.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } else {
            PlanPrinter.lines(plan).forEach(ctx::println);
        }
        return 0;
    }
}
