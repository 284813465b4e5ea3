package dev.prodguard.doctor;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoTimeoutException;
import java.util.Locale;

/** Reads the MongoDB driver's exceptions: what kind of failure, in one safe line. */
final class DriverErrors {
    private static final int UNAUTHORIZED = 13;
    private static final int COMMAND_NOT_FOUND = 59;
    /** Atlas shared tiers report authorization errors as AtlasError (8000). */
    private static final int ATLAS_ERROR = 8000;

    private DriverErrors() {}

    /** True when the server refused the operation for lack of privileges or of authentication. */
    static boolean unauthorized(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MongoServerException se) {
                String msg = lower(se.getMessage());
                if (se.getCode() == UNAUTHORIZED || (se.getCode() == ATLAS_ERROR && msg.contains("not allowed"))
                        || msg.contains("requires authentication") || msg.contains("not authorized")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the failure is an authentication failure (wrong user, password or authSource). */
    static boolean authentication(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MongoSecurityException) {
                return true;
            }
        }
        return false;
    }

    /** True when authentication failed because the server has no authentication commands at all. */
    static boolean noAuthSupport(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MongoCommandException ce && (ce.getErrorCode() == COMMAND_NOT_FOUND
                    || lower(ce.getErrorMessage()).contains("no such command"))) {
                return true;
            }
        }
        return false;
    }

    static boolean timeout(Throwable e) {
        return e instanceof MongoTimeoutException;
    }

    /** True when the write failed because the host is not (or no longer) the primary. */
    static boolean notPrimary(Throwable e) {
        String msg = lower(e.getMessage());
        return msg.contains("not primary") || msg.contains("not master");
    }

    /** One line about the failure: the server's message when it sent one, else the exception's first line. */
    static String describe(Throwable e) {
        if (e instanceof MongoCommandException ce) {
            return ce.getErrorMessage() + " (code " + ce.getErrorCode() + (ce.getErrorCodeName().isEmpty() ? ""
                    : " " + ce.getErrorCodeName()) + ")";
        }
        if (e instanceof MongoSecurityException && e.getCause() != null) {
            return "authentication failed: " + describe(e.getCause());
        }
        if (e instanceof MongoServerException se) {
            return firstSentence(se.getMessage()) + " (code " + se.getCode() + ")";
        }
        return firstSentence(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String firstSentence(String s) {
        String line = s.split("\n")[0];
        int cut = line.indexOf(". ");
        return cut > 0 && cut < 200 ? line.substring(0, cut) : (line.length() > 300 ? line.substring(0, 300) + "…" : line);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
