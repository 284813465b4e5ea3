package dev.prodguard.checklist;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.MongoTarget;

/**
 * The connection to the production database is encrypted: MONGO_URL uses TLS (mongodb+srv://, or
 * tls=true), unless PRODGUARD_ALLOW_NO_TLS=true declares the link private (the same exemption gate honours).
 */
final class TlsItem extends BaseItem {
    TlsItem() {
        super("tls", "TLS on for the production connection", 0, Stage.PRE_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        MongoTarget target = ctx.settings().mongo();
        if (target.tlsEnabled()) {
            return ItemResult.pass(this, "TLS on (" + (target.isSrv() ? "mongodb+srv://, TLS by default" : "tls=true") + ")");
        }
        if (ctx.settings().bool(ConfigKey.ALLOW_NO_TLS)) {
            return ItemResult.pass(this, "TLS off, allowed by " + ConfigKey.ALLOW_NO_TLS.envName()
                    + "=true (the link must be private and encrypted by other means)");
        }
        return ItemResult.fail(this, "TLS is off for MONGO_URL: passwords and data cross the network readable",
                "use the mongodb+srv:// string from Atlas (TLS by default) or add tls=true to MONGO_URL");
    }
}
