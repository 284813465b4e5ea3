package dev.prodguard.alert;

import dev.prodguard.text.Instants;
import java.util.List;
import java.util.Map;

/** Turns a notification into words: an email subject and body, and Slack's mrkdwn text. */
public final class AlertText {
    /** A command line prodguard prints: settings assigned before the launcher, then its arguments. */
    private static final java.util.regex.Pattern COMMAND_LINE =
            java.util.regex.Pattern.compile("([A-Z_]+=\\S+ )*\\S*prodguard [a-z].*");

    private AlertText() {}

    /** One line: "[prodguard] CRITICAL: Wipe detected: ...", "[prodguard] Resolved: ...". */
    public static String subject(Notification n) {
        return "[prodguard] " + prefix(n) + n.alert().title();
    }

    /** The plain-text body: what happened, the details as "name: value" lines, then the alert's history. */
    public static String body(Notification n) {
        Alert a = n.alert();
        StringBuilder sb = new StringBuilder();
        sb.append(headline(n)).append("\n\n");
        for (Map.Entry<String, Object> e : a.details().entrySet()) {
            sb.append(e.getKey()).append(": ").append(value(e.getValue())).append('\n');
        }
        if (!a.details().isEmpty()) {
            sb.append('\n');
        }
        sb.append(footer(n)).append('\n');
        return sb.toString();
    }

    /** Slack mrkdwn: bold subject, one bullet per detail, commands in code spans. */
    public static String slack(Notification n) {
        Alert a = n.alert();
        StringBuilder sb = new StringBuilder("*").append(subject(n)).append("*\n");
        for (Map.Entry<String, Object> e : a.details().entrySet()) {
            String v = value(e.getValue());
            boolean code = COMMAND_LINE.matcher(v).matches(); // a command to copy, not prose about commands
            sb.append("• ").append(e.getKey()).append(": ").append(code ? "`" + v + "`" : v).append('\n');
        }
        sb.append('_').append(footer(n)).append('_');
        return sb.toString();
    }

    private static String prefix(Notification n) {
        return switch (n.kind()) {
            case OPENED -> n.alert().severity().name() + ": ";
            case REMINDER -> "Still open: ";
            case FLAPPING -> "Flapping: ";
            case RESOLVED -> "Resolved: ";
            case TEST -> "Test: ";
        };
    }

    private static String headline(Notification n) {
        Alert a = n.alert();
        return switch (n.kind()) {
            case OPENED -> a.title() + ".";
            case REMINDER -> a.title() + ": still open since " + Instants.human(a.openedAt()) + ".";
            case FLAPPING -> a.title() + ": it resolved and came back within the cool-down window; further"
                    + " flaps stay quiet until it has been resolved for the whole window.";
            case RESOLVED -> "Resolved: " + a.title() + (a.resolvedAt() == null ? "." : " (at " + Instants.human(a.resolvedAt()) + ").");
            case TEST -> a.title() + ".";
        };
    }

    private static String footer(Notification n) {
        Alert a = n.alert();
        if (n.kind() == Notification.Kind.TEST) {
            return "prodguard alerts test";
        }
        StringBuilder sb = new StringBuilder("alert ").append(a.key()).append(" (rule ").append(a.ruleId())
                .append(", ").append(a.severity().label()).append("), opened ").append(Instants.human(a.openedAt()))
                .append(", now ").append(a.state().label());
        if (a.flaps() > 0) {
            sb.append(", re-opened ").append(a.flaps()).append(a.flaps() == 1 ? " time" : " times");
        }
        return sb.toString();
    }

    /** A detail's value as text: a list joined with ", " ("(none)" when empty), a map as "name: value; ...". */
    public static String value(Object v) {
        if (v instanceof List<?> l) {
            return l.isEmpty() ? "(none)" : String.join(", ", l.stream().map(AlertText::value).toList());
        }
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty() ? "(none)" : String.join("; ", m.entrySet().stream()
                    .map(e -> e.getKey() + ": " + value(e.getValue())).toList());
        }
        return String.valueOf(v);
    }
}
