package dev.prodguard.checklist;

import dev.prodguard.alert.AlertChannels;
import dev.prodguard.alert.ChannelResult;
import dev.prodguard.text.Durations;
import java.util.List;

/**
 * The guide's "monitoring alerts configured": at least one alert channel is configured and a test
 * notification goes through every one ({@code prodguard alerts test}). This sends a real message.
 */
final class AlertsItem extends BaseItem {
    static final String CONFIGURE = "set PRODGUARD_WEBHOOK_URL (Slack or JSON webhook) or PRODGUARD_SMTP_URL"
            + " and PRODGUARD_ALERT_EMAIL, then run 'prodguard alerts test'";

    AlertsItem() {
        // one webhook request, or one SMTP conversation, per channel
        super("alerts", "Monitoring alerts configured, and a test notification delivered", 4, Stage.PRE_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        AlertChannels channels = AlertChannels.fromSettings(ctx.settings(), ctx.clock());
        if (channels.isEmpty()) {
            return ItemResult.fail(this, "no alert channel is configured: alerts would reach nobody", CONFIGURE);
        }
        List<ChannelResult> results = channels.testAll();
        List<String> notes = results.stream().map(r -> r.channel() + ": " + (r.ok() ? "test notification sent"
                : "failed: " + r.error()) + " (" + Durations.human(r.took()) + ")").toList();
        List<ChannelResult> failed = results.stream().filter(r -> !r.ok()).toList();
        if (failed.isEmpty()) {
            return ItemResult.pass(this, "test notification sent through " + String.join(", ",
                    results.stream().map(ChannelResult::channel).toList()) + " (a real message: look for it)")
                    .withNotes(notes);
        }
        ChannelResult first = failed.get(0);
        return ItemResult.fail(this, failed.size() + " of " + results.size() + " channel(s) failed; " + first.channel()
                + ": " + first.error(), "check that channel's settings, then run 'prodguard alerts test'")
                .withNotes(notes);
    }
}
