package dev.prodguard.http;

/** The application behind a {@link HardenedServer}: answers one request that passed the server's checks. */
@FunctionalInterface
public interface HttpApp {
    /** Answers the request; an exception becomes a 500 whose body says to read the log. */
    HttpReply handle(HttpCall call) throws Exception;
}
