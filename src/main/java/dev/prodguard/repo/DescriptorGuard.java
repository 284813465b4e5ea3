package dev.prodguard.repo;

import dev.prodguard.config.SecretStrength;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a repository's encryption from degrading: unlocks the descriptor with the passphrase and
 * checks its authentication code; refuses a descriptor that says "not encrypted" while the
 * repository holds encrypted items (the descriptor was altered, and a backup would otherwise be
 * written in plain text beside them); and refuses weak passphrases for new repositories.
 */
final class DescriptorGuard {
    /** How many manifest and record envelopes an unencrypted repository's check reads at most. */
    private static final int ENVELOPES_CHECKED = 64;
    /** How many data object names an unencrypted repository's check looks at for an encrypted one (at most one S3 request). */
    private static final int KEYS_CHECKED = 100;

    private DescriptorGuard() {}

    /**
     * The keys of the repository (null when unencrypted), after every check passed.
     *
     * @throws ProdguardException KEY when the passphrase is missing, wrong or set for an unencrypted
     *     repository; REPOSITORY when the descriptor was altered
     */
    static RepoKeys unlock(Storage storage, RepositoryDescriptor d, char[] key) {
        RepositoryDescriptor.Encryption enc = d.encryption();
        if (enc == null) {
            String evidence = d.mac() != null ? RepositoryDescriptor.KEY + " carries an authentication code, which only"
                    + " encrypted repositories have" : encryptedEvidence(storage);
            if (evidence != null) {
                throw altered(storage, "it says the repository is not encrypted, but " + evidence);
            }
            if (key != null) {
                throw new ProdguardException(ErrorCode.KEY, "the backup repository at " + storage.describe()
                        + " is not encrypted, but PRODGUARD_REPO_KEY is set; if this repository was created with"
                        + " PRODGUARD_REPO_KEY, its descriptor was altered: keep the key and restore "
                        + RepositoryDescriptor.KEY + " from a copy; otherwise set PRODGUARD_REPO to a new directory to"
                        + " start an encrypted repository, or unset PRODGUARD_REPO_KEY to use this unencrypted one");
            }
            return null;
        }
        if (key == null || key.length == 0) {
            throw new ProdguardException(ErrorCode.KEY, "the backup repository at " + storage.describe()
                    + " is encrypted and PRODGUARD_REPO_KEY is not set; set it to the passphrase the repository"
                    + " was created with");
        }
        RepoKeys k = RepoKeys.derive(key, enc);
        if (!k.matches(enc.keyCheck())) {
            throw new ProdguardException(ErrorCode.KEY, "the repository key is wrong: PRODGUARD_REPO_KEY does not"
                    + " unlock the backup repository at " + storage.describe() + "; set it to the passphrase the"
                    + " repository was created with");
        }
        if (d.mac() != null && !k.descriptorMatches(d.canonical(), d.mac())) {
            throw altered(storage, "its content does not match its authentication code (it was changed after the"
                    + " repository was created)");
        }
        return k;
    }

    /** Adds the authentication code to a descriptor written before codes existed (the key was just proven right). */
    static void upgrade(Storage storage, RepositoryDescriptor d, RepoKeys keys) {
        RepositoryDescriptor withMac = d.withMac(keys.descriptorMac(d.canonical()));
        try {
            storage.overwrite(RepositoryDescriptor.KEY, withMac.toJson());
        } catch (IOException e) {
            throw StorageErrors.write(storage, RepositoryDescriptor.KEY, e);
        }
    }

    /** Refuses a passphrase too weak to protect a new repository, naming the rule it breaks (never the passphrase). */
    static void checkNewPassphrase(char[] key) {
        String weakness = SecretStrength.bundled().weakness(new String(key), SecretStrength.MIN_PASSPHRASE_LENGTH);
        if (weakness != null) {
            throw new ProdguardException(ErrorCode.KEY, "PRODGUARD_REPO_KEY is too weak to protect a new repository: "
                    + weakness + "; use at least " + SecretStrength.MIN_PASSPHRASE_LENGTH + " characters that are"
                    + " hard to guess, e.g. four or more random words or 'openssl rand -base64 24' (nothing was created)");
        }
    }

    /**
     * What shows that the repository holds encrypted items (a key or envelope), or null when nothing does. In an
     * encrypted repository every data object and every envelope is encrypted, so a few of each answer as well as all
     * of them would, and the check costs the same with a week of history as with none (it runs at every open).
     */
    private static String encryptedEvidence(Storage storage) {
        try {
            for (String k : storage.listSome(Repository.DATA, KEYS_CHECKED)) {
                if (k.endsWith(".aes")) {
                    return "it holds encrypted data objects (e.g. " + k + ")";
                }
            }
            List<String> envelopes = new ArrayList<>(storage.listSome(Repository.RECORDS, ENVELOPES_CHECKED));
            envelopes.addAll(storage.listSome(Repository.MANIFESTS, ENVELOPES_CHECKED));
            int read = 0;
            for (String k : envelopes) {
                if (read++ >= ENVELOPES_CHECKED) {
                    break;
                }
                if (encryptedEnvelope(storage, k)) {
                    return "it holds encrypted manifests or records (e.g. " + k + ")";
                }
            }
            return null;
        } catch (IOException e) {
            throw StorageErrors.read(storage, "", e);
        }
    }

    private static boolean encryptedEnvelope(Storage storage, String key) throws IOException {
        try (InputStream in = storage.get(key)) {
            String head = new String(in.readNBytes(64), StandardCharsets.US_ASCII);
            return head.startsWith(Envelope.MAGIC + " ") && head.contains(" encrypted ");
        } catch (java.nio.file.NoSuchFileException e) {
            return false; // deleted meanwhile (retention)
        }
    }

    private static ProdguardException altered(Storage storage, String why) {
        return ProdguardException.repository("the backup repository descriptor " + storage.describe() + "/"
                + RepositoryDescriptor.KEY + " was altered: " + why + "; prodguard refuses to use it so that nothing is"
                + " written unencrypted. Keep PRODGUARD_REPO_KEY set and restore " + RepositoryDescriptor.KEY
                + " from a copy of the repository (nothing was written)");
    }
}
