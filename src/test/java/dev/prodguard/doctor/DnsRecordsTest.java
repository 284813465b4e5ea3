package dev.prodguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parts of the DNS layer that judge records, with records shaped like Atlas's (a real
 * {@code mongodb+srv} look-up needs the internet; the failing look-up is tested over real DNS).
 */
class DnsRecordsTest {
    private static final String HOST = "coinhubx-production.abc123.mongodb.net";
    private static final String SRV = "_mongodb._tcp." + HOST;

    @Test
    void atlasStyleSrvRecordsGiveTheirTargets() {
        List<Check> items = new ArrayList<>();
        List<String[]> targets = DnsCheck.srvTargets(SRV, HOST, List.of(
                "0 0 27017 ac-abc-shard-00-00.abc123.mongodb.net.",
                "0 0 27017 ac-abc-shard-00-01.abc123.mongodb.net."), items);

        assertThat(items).isEmpty();
        assertThat(targets).extracting(t -> t[0] + ":" + t[1]).containsExactly(
                "ac-abc-shard-00-00.abc123.mongodb.net:27017", "ac-abc-shard-00-01.abc123.mongodb.net:27017");
    }

    @Test
    void targetsOutsideTheParentDomainAndMalformedRecordsFail() {
        List<Check> items = new ArrayList<>();
        List<String[]> targets = DnsCheck.srvTargets(SRV, HOST, List.of(
                "0 0 27017 evil.example.com.", "0 0 notaport x.abc123.mongodb.net.", "garbage"), items);

        assertThat(targets).isEmpty();
        assertThat(items).extracting(Check::status).containsOnly(Status.FAIL);
        assertThat(items.get(0).detail()).contains("evil.example.com is not inside abc123.mongodb.net");
        assertThat(items.get(1).detail()).contains("malformed");
    }

    @Test
    void parentDomainOfShortNamesIsTheNameItself() {
        assertThat(DnsCheck.parentDomain(HOST)).isEqualTo("abc123.mongodb.net");
        assertThat(DnsCheck.parentDomain("example.com.")).isEqualTo("example.com");
    }

    @Test
    void txtRecordsFollowTheDriverRules() {
        assertThat(DnsCheck.txtRecords(HOST, List.of("authSource=admin&replicaSet=atlas-abc-shard-0"), 1).status())
                .isEqualTo(Status.PASS);
        assertThat(DnsCheck.txtRecords(HOST, List.of(), 1).detail()).contains("none");
        assertThat(DnsCheck.txtRecords(HOST, List.of("authSource=admin", "replicaSet=x"), 1).status())
                .isEqualTo(Status.FAIL);
        Check forbidden = DnsCheck.txtRecords(HOST, List.of("authSource=admin&ssl=false"), 1);
        assertThat(forbidden.status()).isEqualTo(Status.FAIL);
        assertThat(forbidden.detail()).contains("'ssl' is not allowed");
    }
}
