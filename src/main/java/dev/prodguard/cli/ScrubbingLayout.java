package dev.prodguard.cli;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import dev.prodguard.config.Secrets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The one log line format, {@code HH:mm:ss.SSS LEVEL logger - message}, with every secret masked in the
 * message and its stack trace; written in code, so that no pattern is parsed when a process starts.
 */
public final class ScrubbingLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(20);
    private final boolean timestamps;

    /** Lines as users see them on stderr: with the time of day. */
    public ScrubbingLayout() {
        this(true);
    }

    /** Lines with or without the time of day (tests compare lines without it). */
    public ScrubbingLayout(boolean timestamps) {
        this.timestamps = timestamps;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        if (timestamps) {
            TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
            line.append(' ');
        }
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(' ').append(abbreviator.abbreviate(event.getLoggerName())).append(" - ")
                .append(Secrets.scrub(event.getFormattedMessage()));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(CoreConstants.LINE_SEPARATOR).append(Secrets.scrub(ThrowableProxyUtil.asString(thrown)));
        }
        return line.append(CoreConstants.LINE_SEPARATOR).toString();
    }
}
