package dev.prodguard.repo.s3;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Turns the SDK's exceptions into the {@link IOException}s the {@code Storage} contract speaks, in one line each. */
final class S3Errors {
    private S3Errors() {}

    /** HTTP status of a service answer, or 0 when the service was not reached. */
    static int status(Throwable e) {
        return e instanceof SdkServiceException se ? se.statusCode() : 0;
    }

    /** The service's error code ("NoSuchKey", "PreconditionFailed"), or "". */
    static String code(Throwable e) {
        if (e instanceof AwsServiceException ae && ae.awsErrorDetails() != null && ae.awsErrorDetails().errorCode() != null) {
            return ae.awsErrorDetails().errorCode();
        }
        return "";
    }

    /** Whether the answer means "no such object". */
    static boolean notFound(Throwable e) {
        return status(e) == 404 || code(e).equals("NoSuchKey");
    }

    /** Whether the provider does not implement a request feature (conditional writes). */
    static boolean notImplemented(Throwable e) {
        return status(e) == 501 || code(e).equals("NotImplemented");
    }

    /** An IOException saying what failed on which object and what the service (or network) answered. */
    static IOException io(String operation, String where, SdkException e) {
        String detail = describe(e);
        if (notFound(e)) {
            return new NoSuchFileException(where, null, detail);
        }
        if (status(e) == 403) {
            AccessDeniedException a = new AccessDeniedException(where, null, operation + " was denied: " + detail
                    + " (check the credentials and their permissions on the bucket)");
            a.initCause(e);
            return a;
        }
        return new IOException(operation + " " + where + " failed: " + detail, e);
    }

    /** One line: the status and code and message of an answer, or why no answer came. */
    static String describe(SdkException e) {
        if (e instanceof SdkServiceException se) {
            String code = code(e);
            String msg = e instanceof AwsServiceException ae && ae.awsErrorDetails() != null
                    ? ae.awsErrorDetails().errorMessage() : null;
            return "HTTP " + se.statusCode() + (code.isEmpty() ? "" : " " + code) + (msg == null ? "" : " (" + msg + ")");
        }
        if (e instanceof SdkClientException) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String m = root.getMessage();
            return "the service did not answer: " + root.getClass().getSimpleName() + (m == null ? "" : " " + m.split("\n")[0]);
        }
        return String.valueOf(e.getMessage()).split("\n")[0];
    }
}
