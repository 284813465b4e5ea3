package dev.prodguard.alert;

import dev.prodguard.config.Secrets;

/** A notification could not be delivered; the message is one scrubbed line that says why. */
public final class NotifierException extends Exception {
    public NotifierException(String message) {
        super(Secrets.scrub(message));
    }
}
