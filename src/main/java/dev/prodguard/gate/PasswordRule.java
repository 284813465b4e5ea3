package dev.prodguard.gate;

import com.mongodb.AuthenticationMechanism;
import com.mongodb.MongoCredential;
import dev.prodguard.config.CommonPasswords;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * In production the MONGO_URL password must exist and be strong: at least 16 characters, at least
 * 3 of the 4 character classes, and not a common password. Messages name the rule, never the
 * password (nor its length or which classes it has).
 */
public final class PasswordRule implements GateRule {
    /** Minimum length, in characters. The guide recommends 20+. */
    public static final int MIN_LENGTH = 16;
    /** Minimum number of character classes (lower case, upper case, digits, symbols). */
    public static final int MIN_CLASSES = 3;

    /** Mechanisms that authenticate without a password (certificates, cloud identity, Kerberos). */
    private static final Set<AuthenticationMechanism> PASSWORDLESS = Set.of(
            AuthenticationMechanism.MONGODB_X509, AuthenticationMechanism.MONGODB_AWS,
            AuthenticationMechanism.GSSAPI, AuthenticationMechanism.MONGODB_OIDC);

    private static final String REMEDY = "; use a generated password of 20 or more characters"
            + " (Atlas: Database Access > Edit > Autogenerate Secure Password), then update MONGO_URL";

    private final CommonPasswords common;

    public PasswordRule(CommonPasswords common) {
        this.common = common;
    }

    @Override
    public List<Violation> check(GateFacts facts) {
        if (!facts.production()) {
            return List.of();
        }
        MongoCredential credential = facts.target().connectionString().getCredential();
        if (credential != null && credential.getAuthenticationMechanism() != null
                && PASSWORDLESS.contains(credential.getAuthenticationMechanism())) {
            return List.of();
        }
        char[] password = facts.target().password();
        if (credential == null || password == null || password.length == 0) {
            return List.of(new Violation("password-missing", "PRODUCTION=true but MONGO_URL has no "
                    + (credential == null ? "user name and password" : "password")
                    + ", so nothing but the network keeps strangers out; create a database user with a"
                    + " strong password (Atlas: Database Access) and put user:password in MONGO_URL"));
        }
        String p = new String(password);
        java.util.Arrays.fill(password, '\0');
        return strength(p);
    }

    /** The strength violations of one password (empty when strong); public for table tests. */
    public List<Violation> strength(String password) {
        List<Violation> out = new ArrayList<>();
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            out.add(new Violation("password-too-short", "the MONGO_URL password is shorter than "
                    + MIN_LENGTH + " characters" + REMEDY));
        }
        if (characterClasses(password) < MIN_CLASSES) {
            out.add(new Violation("password-too-few-classes", "the MONGO_URL password uses fewer than "
                    + MIN_CLASSES + " of the 4 character classes (lower case, upper case, digits, symbols)"
                    + REMEDY));
        }
        if (common.isCommon(password)) {
            out.add(new Violation("password-common", "the MONGO_URL password is a common password or a"
                    + " variation of one (a well-known word or pattern with digits or symbols added)" + REMEDY));
        }
        return out;
    }

    /** How many of lower case, upper case, digits and symbols occur in the password. */
    static int characterClasses(String password) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < password.length(); ) {
            int c = password.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                symbol = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }
}
