package dev.prodguard.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.prodguard.cli.ScrubbingLayout;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Records every log line exactly as users would see it (root logger, the production layout with its
 * scrubbing, without the time of day), so tests can assert that no secret reaches a log.
 */
public final class LogTap implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger root;

    public LogTap() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ScrubbingLayout layout = new ScrubbingLayout(false);
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
        enc.setContext(ctx);
        enc.setLayout(layout);
        enc.start();
        appender.setContext(ctx);
        appender.setEncoder(enc);
        appender.setOutputStream(bytes);
        appender.start();
        root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
    }

    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
