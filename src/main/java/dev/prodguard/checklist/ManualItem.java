package dev.prodguard.checklist;

/** An item prodguard cannot check: always MANUAL, with the instruction a person follows to confirm it. */
final class ManualItem extends BaseItem {
    private final String why;
    private final String instruction;

    ManualItem(String id, String title, String why, String instruction, Stage first, Stage... rest) {
        super(id, title, 0, first, rest);
        this.why = why;
        this.instruction = instruction;
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        return ItemResult.manual(this, why, instruction);
    }

    static ManualItem atlasAccess() {
        return new ManualItem("team-atlas-access", "Team has access to the MongoDB Atlas dashboard",
                "Atlas project membership is not visible through MONGO_URL",
                "in Atlas > Project > Access Manager, confirm that at least two people on call have Project Owner"
                        + " (or Cluster Manager) access and can sign in",
                Stage.PRE_LIVE);
    }

    static ManualItem networkAccess() {
        return new ManualItem("network-access", "Network access configured",
                "the Atlas IP access list is not visible through MONGO_URL",
                "in Atlas > Network Access, allow the app's outbound IPs; the guide's 0.0.0.0/0 opens the cluster to"
                        + " the whole internet, so use it only with TLS and strong passwords (gate checks both)",
                Stage.PRE_LIVE);
    }

    static ManualItem poolMonitoring() {
        return new ManualItem("connection-pool-monitored", "Connection pool usage monitored",
                "prodguard's guardian does not sample connections yet",
                "watch Atlas > Metrics > Connections for the first days (M0 allows 500); alert before 80%",
                Stage.POST_LIVE);
    }

    static ManualItem disasterRecovery() {
        return new ManualItem("disaster-recovery-documented", "Disaster recovery procedures documented",
                "only people can confirm the procedure is written down and known",
                "write down who restores and how, following the restore section of docs/commands.md (prodguard restore),"
                        + " and practise it once with 'prodguard verify --restore'",
                Stage.POST_LIVE);
    }
}
