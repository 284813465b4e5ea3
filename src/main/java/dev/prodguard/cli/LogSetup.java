package dev.prodguard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Map;

/**
 * Logback's configuration, in code (found by Logback through {@code META-INF/services}): one console
 * appender on stderr with {@link ScrubbingLayout}, WARN by default, the libraries' noise turned down.
 * Logback starts only when something logs, so {@code --version} and {@code --help} never pay for it,
 * and starting it parses no XML.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** The project's own loggers. */
    static final String OWN = "dev.prodguard";

    /** Levels of library loggers: warnings only, and none of the embedded server's complaints about commands it lacks. */
    private static final Map<String, Level> LIBRARIES = Map.of(
            "org.mongodb.driver", Level.ERROR,
            "de.bwaldvogel", Level.WARN,
            // the embedded server logs every command it lacks (hello, saslStart) at ERROR: noise for users
            "de.bwaldvogel.mongo.wire.MongoWireProtocolHandler", Level.OFF,
            "de.bwaldvogel.mongo.MongoServer", Level.ERROR,
            "io.netty", Level.WARN);

    /** Used by Logback's service loader. */
    public LogSetup() {
        // configured in configure()
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        // status messages are never printed (Logback prints warnings to stdout when nothing listens)
        NopStatusListener quiet = new NopStatusListener();
        context.getStatusManager().add(quiet);
        ScrubbingLayout layout = new ScrubbingLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        LIBRARIES.forEach((name, level) -> context.getLogger(name).setLevel(level));
        LogLevel.configured(verbose -> context.getLogger(OWN).setLevel(verbose ? Level.DEBUG : Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
