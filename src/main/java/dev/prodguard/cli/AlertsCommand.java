package dev.prodguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prodguard.alert.Alert;
import dev.prodguard.alert.AlertChannels;
import dev.prodguard.alert.AlertJson;
import dev.prodguard.alert.ChannelResult;
import dev.prodguard.alert.SqliteAlertStore;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code prodguard alerts}: test the alert channels, and show the alert history. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {
            "Check the alert channels (webhook, email) and show the alert history."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  prodguard alerts test",
            "  prodguard alerts list --limit 10"},
        subcommands = {AlertsCommand.Test.class, AlertsCommand.ListAlerts.class})
public final class AlertsCommand implements Runnable {
    @ParentCommand
    Main root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: test or list");
    }

    /** {@code prodguard alerts test}: one test notification through every configured channel. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {
                "Send a test notification through every configured alert channel and show what happened.",
                "Exit codes: 0 when every channel delivered, 1 when a channel failed, 3 when no channel "
                    + "is configured."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  prodguard alerts test",
                "  prodguard alerts test --verbose"})
    static final class Test implements Callable<Integer> {
        @ParentCommand
        AlertsCommand parent;

        @Override
        public Integer call() {
            CliContext ctx = parent.root.ctx();
            AlertChannels channels = AlertChannels.fromSettings(ctx.settings(), ctx.clock());
            if (channels.isEmpty()) {
                throw ProdguardException.config("no alert channel is configured; set PRODGUARD_WEBHOOK_URL (a webhook"
                        + " or Slack hook) and/or PRODGUARD_SMTP_URL with PRODGUARD_ALERT_EMAIL");
            }
            int failed = 0;
            for (ChannelResult r : channels.testAll()) {
                if (r.ok()) {
                    ctx.println("✓ " + r.channel() + " (" + Durations.human(r.took()) + ")");
                } else {
                    failed++;
                    ctx.println("✗ " + r.channel() + ": " + r.error());
                }
            }
            int total = channels.notifiers().size();
            if (failed > 0) {
                ctx.println(failed + " of " + total + " alert channel" + (total == 1 ? "" : "s")
                        + " failed; alerts sent there would be lost. Check PRODGUARD_WEBHOOK_URL, PRODGUARD_SMTP_URL and"
                        + " PRODGUARD_ALERT_EMAIL, then run 'prodguard alerts test' again.");
                return ErrorCode.CHECK_FAILED.exitCode();
            }
            ctx.println("all " + total + " alert channel" + (total == 1 ? "" : "s") + " delivered the test notification");
            return 0;
        }
    }

    /** {@code prodguard alerts list}: the alert history from the state directory. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {
                "Show the alert history, most recent first.",
                "The history is kept in alerts.db in PRODGUARD_STATE_DIR."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  prodguard alerts list",
                "  prodguard alerts list --limit 10 --json"})
    static final class ListAlerts implements Callable<Integer> {
        @ParentCommand
        AlertsCommand parent;

        @Option(names = "--json", description = "Print JSON (one array) instead of a table.")
        boolean json;

        @Option(names = "--limit", defaultValue = "50", description = "Show at most this many alerts. Default: ${DEFAULT-VALUE}.")
        int limit;

        @Override
        public Integer call() throws Exception {
            CliContext ctx = parent.root.ctx();
            if (limit < 1) {
                throw ProdguardException.usage("--limit must be at least 1");
            }
            Path dir = ctx.settings().path(ConfigKey.STATE_DIR);
            List<Alert> alerts = List.of();
            if (Files.exists(dir.resolve(SqliteAlertStore.FILE_NAME))) {
                try (SqliteAlertStore store = SqliteAlertStore.open(dir)) {
                    alerts = store.history(limit);
                }
            }
            if (json) {
                List<AlertJson> rows = alerts.stream().map(AlertJson::of).toList();
                ctx.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
                return 0;
            }
            if (alerts.isEmpty()) {
                ctx.println("no alerts recorded (history: " + dir.resolve(SqliteAlertStore.FILE_NAME) + ")");
                return 0;
            }
            for (Alert a : alerts) {
                ctx.println(String.format(java.util.Locale.ROOT, "%-9s %-8s %s  %s%s", a.state().label(), a.severity().label(), Instants.human(a.openedAt()),
                        a.title(), a.resolvedAt() == null ? "" : "  (resolved " + Instants.human(a.resolvedAt()) + ")"));
            }
            return 0;
        }
    }
}
