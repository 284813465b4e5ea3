package dev.prodguard.gate;

import dev.prodguard.connect.Dns;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The look-ups the host rule needs: a name's addresses and the hosts behind a {@code mongodb+srv}
 * SRV record. The gate bounds every call in time; tests give a fake.
 */
public interface HostResolver {
    /** Every address (A and AAAA) of a name; throws (e.g. UnknownHostException) when it has none. */
    List<InetAddress> addresses(String name) throws Exception;

    /** The target host names of the SRV record {@code srvName}; throws when there is no such record. */
    List<String> srvTargets(String srvName) throws Exception;

    /** This machine's resolver (as the driver uses it) and JNDI's DNS provider for SRV, each bounded by {@code timeoutMs}. */
    static HostResolver system(int timeoutMs) {
        return new HostResolver() {
            @Override
            public List<InetAddress> addresses(String name) throws Exception {
                return Arrays.asList(InetAddress.getAllByName(name));
            }

            @Override
            public List<String> srvTargets(String srvName) throws Exception {
                List<String> targets = new ArrayList<>();
                for (String record : Dns.records(srvName, "SRV", timeoutMs)) {
                    String[] parts = record.trim().split("\\s+"); // priority weight port target.
                    if (parts.length == 4) {
                        targets.add(parts[3]);
                    }
                }
                return targets;
            }
        };
    }
}
