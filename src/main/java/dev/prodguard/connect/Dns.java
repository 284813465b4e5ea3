package dev.prodguard.connect;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/** DNS records (SRV, TXT) through JNDI's DNS provider and this machine's resolvers, with a hard deadline. */
public final class Dns {
    private Dns() {}

    /**
     * The values of one record type of a name (e.g. SRV: "priority weight port target."), waiting
     * at most {@code timeoutMs}. @throws Exception the provider's NamingException, or
     * {@link Bounded.DeadlineExceeded} when no answer came in time
     */
    public static List<String> records(String name, String type, int timeoutMs) throws Exception {
        return Bounded.call(() -> {
            Hashtable<String, String> env = new Hashtable<>();
            env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
            env.put(Context.PROVIDER_URL, "dns:");
            env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(100, timeoutMs / 3)));
            env.put("com.sun.jndi.dns.timeout.retries", "2");
            DirContext ctx = new InitialDirContext(env);
            try {
                Attributes attrs = ctx.getAttributes(name, new String[] {type});
                Attribute attr = attrs.get(type);
                List<String> values = new ArrayList<>();
                if (attr != null) {
                    NamingEnumeration<?> e = attr.getAll();
                    while (e.hasMore()) {
                        values.add(String.valueOf(e.next()));
                    }
                }
                return values;
            } finally {
                ctx.close();
            }
        }, timeoutMs);
    }
}
