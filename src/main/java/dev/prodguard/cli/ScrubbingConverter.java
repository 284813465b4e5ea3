package dev.prodguard.cli;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.prodguard.config.Secrets;

/** Logback converter: the message and its stack trace, with every secret masked. */
public final class ScrubbingConverter extends ThrowableHandlingConverter {
    private final ThrowableProxyConverter throwable = new ThrowableProxyConverter();

    @Override
    public void start() {
        throwable.setContext(getContext());
        throwable.start();
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        String msg = Secrets.scrub(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            msg = msg + System.lineSeparator() + Secrets.scrub(throwable.convert(event));
        }
        return msg;
    }
}
