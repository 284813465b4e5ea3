package dev.prodguard.roles;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.text.Instants;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

/**
 * Hands generated passwords to the person, exactly once: into a new file with mode 0600 ({@code --out}),
 * or on an interactive terminal. Never into a pipe or log: without a terminal, {@code --out} is required.
 */
public final class PasswordHandout {
    private final Path outFile;
    private final boolean terminal;

    /**
     * @param outFile the file to create, or null to show on the terminal
     * @param terminal whether stdout is an interactive terminal
     */
    public PasswordHandout(Path outFile, boolean terminal) {
        this.outFile = outFile;
        this.terminal = terminal;
    }

    /** Checks before anything is generated or changed that the passwords can be handed out. @throws ProdguardException REFUSED */
    public void checkPossible() {
        if (outFile != null) {
            if (Files.exists(outFile)) {
                throw ProdguardException.refused(outFile + " already exists; refusing to overwrite a password file."
                        + " Choose a new --out path (and delete the old file once its passwords are stored safely)");
            }
            Path dir = outFile.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw ProdguardException.usage("--out " + outFile + ": directory " + dir + " does not exist");
            }
            return;
        }
        if (!terminal) {
            throw ProdguardException.refused("passwords are shown only on an interactive terminal, and this output"
                    + " is a pipe or log; pass --out FILE to write them to a new file readable only by you (mode 0600)");
        }
    }

    /** Where the passwords went, for messages: the file, or "the terminal above". */
    public String destination() {
        return outFile != null ? outFile.toString() : "the terminal output above";
    }

    /**
     * Delivers the passwords ({@code user -> password}).
     *
     * @param out the terminal (only used without --out); written raw, not scrubbed
     */
    public void deliver(Map<String, String> passwords, String header, Instant now, PrintStream out) {
        if (outFile != null) {
            writeFile(passwords, header, now);
            return;
        }
        out.println("Passwords (shown once; store them in your password manager now):");
        passwords.forEach((user, pw) -> out.println("  " + user + "  " + pw));
        out.flush();
    }

    private void writeFile(Map<String, String> passwords, String header, Instant now) {
        try {
            Files.createFile(outFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw ProdguardException.refused(outFile + " already exists; refusing to overwrite a password file");
        } catch (UnsupportedOperationException e) {
            throw new ProdguardException(ErrorCode.NOT_SUPPORTED, "cannot create " + outFile + " with mode 0600: this"
                    + " file system has no POSIX permissions; use a path on a POSIX file system");
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot create " + outFile + ": " + e.getMessage());
        }
        try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            w.write("# prodguard roles: " + header + ", generated " + Instants.human(now) + "\n");
            w.write("# Store these in a password manager, then delete this file. The break-glass password belongs offline.\n");
            for (Map.Entry<String, String> e : passwords.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write " + outFile + ": " + e.getMessage());
        }
    }
}
