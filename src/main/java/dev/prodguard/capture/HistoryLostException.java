package dev.prodguard.capture;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;

/** The server no longer holds the change history after a position (oplog rolled over, stream fatal): a gap. */
public final class HistoryLostException extends ProdguardException {
    public HistoryLostException(String message, Throwable cause) {
        super(ErrorCode.NOT_SUPPORTED, message, cause);
    }
}
