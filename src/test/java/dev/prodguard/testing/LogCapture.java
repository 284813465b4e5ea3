package dev.prodguard.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Captures what logback writes for the {@code dev.prodguard} loggers, formatted with a pattern
 * that prints the raw message and stack trace ({@code %msg%ex}), so a secret that reached a log
 * call is seen even before the output scrubber would mask it.
 */
public final class LogCapture implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger logger;
    private final Level previous;

    public LogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%level %logger - %msg%n%ex");
        enc.start();
        appender.setContext(ctx);
        appender.setEncoder(enc);
        appender.setOutputStream(bytes);
        appender.start();
        logger = ctx.getLogger("dev.prodguard");
        previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
    }

    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
        appender.stop();
    }
}
