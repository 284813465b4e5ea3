package dev.prodguard.error;

/**
 * The one exception root. Its message is a single line for the user: what failed, what was seen,
 * what to do next. It never contains a secret.
 */
public class ProdguardException extends RuntimeException {
    private final ErrorCode code;

    public ProdguardException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ProdguardException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ProdguardException config(String message) {
        return new ProdguardException(ErrorCode.CONFIG, message);
    }

    public static ProdguardException usage(String message) {
        return new ProdguardException(ErrorCode.USAGE, message);
    }

    public static ProdguardException repository(String message) {
        return new ProdguardException(ErrorCode.REPOSITORY, message);
    }

    public static ProdguardException repository(String message, Throwable cause) {
        return new ProdguardException(ErrorCode.REPOSITORY, message, cause);
    }

    public static ProdguardException refused(String message) {
        return new ProdguardException(ErrorCode.REFUSED, message);
    }
}
