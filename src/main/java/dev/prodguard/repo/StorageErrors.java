package dev.prodguard.repo;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns storage I/O failures into one-line {@link ProdguardException}s that name the place. */
final class StorageErrors {
    private StorageErrors() {}

    /** Whether the failure says the disk (or quota) is full. */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : t.getMessage();
            if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded")
                    || m.contains("not enough space"))) {
                return true;
            }
        }
        return false;
    }

    /** A failure while writing {@code key}: STORAGE, naming the location and what to do. */
    static ProdguardException write(Storage storage, String key, IOException e) {
        String where = storage.describe();
        if (e instanceof java.nio.channels.ClosedByInterruptException || e instanceof java.io.InterruptedIOException) {
            return interrupted(where, e);
        }
        if (isDiskFull(e)) {
            return new ProdguardException(ErrorCode.STORAGE, "the backup repository at " + where
                    + " is out of space while writing " + key + " (" + usable(storage)
                    + "); nothing was committed: free space or set PRODGUARD_REPO to a larger disk", e);
        }
        if (e instanceof AccessDeniedException && objectStorage(storage)) {
            return new ProdguardException(ErrorCode.STORAGE, "cannot write " + key + " in the backup repository at "
                    + where + ": " + describe(e), e);
        }
        if (e instanceof AccessDeniedException) {
            return new ProdguardException(ErrorCode.STORAGE, "cannot write the backup repository at " + where
                    + ": permission denied on " + detail(e) + "; make it writable for this user or set PRODGUARD_REPO"
                    + " to a writable directory", e);
        }
        if (!objectStorage(storage) && (e instanceof NotDirectoryException || notADirectory(e)
                || e instanceof java.nio.file.FileAlreadyExistsException && !(key != null && detail(e).endsWith(key)))) {
            return new ProdguardException(ErrorCode.STORAGE, "cannot create the backup repository at " + where
                    + ": part of that path is a file, not a directory; set PRODGUARD_REPO to a directory", e);
        }
        return new ProdguardException(ErrorCode.STORAGE, "cannot write " + (key == null ? "" : key + " in ")
                + "the backup repository at " + where + ": " + describe(e) + (objectStorage(storage)
                        ? "; check the network, the endpoint and the credentials' permissions (`prodguard doctor` checks them)"
                        : "; check the path, permissions and free space, or set PRODGUARD_REPO to a writable directory"), e);
    }

    /** A failure while reading {@code key}: REPOSITORY when missing, STORAGE otherwise. */
    static ProdguardException read(Storage storage, String key, IOException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException || e instanceof java.io.InterruptedIOException) {
            return interrupted(storage.describe(), e);
        }
        if (key == null || key.isEmpty()) {
            return new ProdguardException(ErrorCode.STORAGE, "cannot read the backup repository at "
                    + storage.describe() + ": " + describe(e) + "; check the path and its permissions", e);
        }
        if (e instanceof NoSuchFileException) {
            return new ProdguardException(ErrorCode.REPOSITORY, "object " + key + " is missing from the backup"
                    + " repository at " + storage.describe() + "; run `prodguard verify` to see what is damaged", e);
        }
        return new ProdguardException(ErrorCode.STORAGE, "cannot read " + key + " from the backup repository at "
                + storage.describe() + ": " + describe(e), e);
    }

    /** Whether the storage is a bucket (its remedies differ from a directory's). */
    private static boolean objectStorage(Storage storage) {
        return storage.describe().startsWith("s3://");
    }

    private static boolean notADirectory(IOException e) {
        return e instanceof FileSystemException fse && "Not a directory".equals(fse.getReason());
    }

    private static ProdguardException interrupted(String where, IOException e) {
        return new ProdguardException(ErrorCode.INTERRUPTED, "interrupted while using the backup repository at "
                + where + "; nothing half-written was committed", e);
    }

    static String describe(IOException e) {
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason() == null ? e.getClass().getSimpleName() : fse.getReason();
            return reason + (fse.getFile() == null ? "" : " (" + fse.getFile() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String detail(IOException e) {
        return e instanceof FileSystemException fse && fse.getFile() != null ? fse.getFile() : String.valueOf(e.getMessage());
    }

    private static String usable(Storage storage) {
        try {
            long free = storage.usableSpace();
            return free < 0 ? "free space unknown" : (free / (1024 * 1024)) + " MiB free";
        } catch (IOException | RuntimeException e) {
            return "free space unknown";
        }
    }
}
