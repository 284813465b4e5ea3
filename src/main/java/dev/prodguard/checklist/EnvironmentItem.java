package dev.prodguard.checklist;

import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;

/**
 * The guide's "production environment variables set": MONGO_URL comes from the environment (or
 * .env), never from prodguard.yml (a file that gets committed), and DB_NAME and PRODUCTION=true are set.
 */
final class EnvironmentItem extends BaseItem {
    EnvironmentItem() {
        super("environment-variables", "Production environment variables set (MONGO_URL, DB_NAME, PRODUCTION)", 0,
                Stage.PRE_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        Settings s = ctx.settings();
        String url = s.origin(ConfigKey.MONGO_URL);
        if (url.equals("unset")) {
            return ItemResult.fail(this, "MONGO_URL is not set",
                    "set MONGO_URL in the deployment's environment variables to the Atlas connection string");
        }
        if (!url.equals("environment") && !url.equals(".env")) {
            return ItemResult.fail(this, "MONGO_URL comes from " + url + ", a file that is easily committed",
                    "remove mongo_url from prodguard.yml and set MONGO_URL as an environment variable"
                            + " (secrets belong in the environment); then rotate that password");
        }
        if (s.origin(ConfigKey.DB_NAME).equals("unset") && emptyUriDatabase(s)) {
            return ItemResult.fail(this, "DB_NAME is not set", "set DB_NAME to the production database name"
                    + " (e.g. DB_NAME=coinhubx_production)");
        }
        if (!s.production()) {
            return ItemResult.fail(this, "PRODUCTION is " + (s.productionExplicit() ? "false" : "not set")
                    + " (origin: " + s.origin(ConfigKey.PRODUCTION) + ")",
                    "set PRODUCTION=true in the production deployment and run the checklist with that configuration");
        }
        return ItemResult.pass(this, "MONGO_URL from " + url + ", DB_NAME " + s.dbName() + ", PRODUCTION=true");
    }

    private static boolean emptyUriDatabase(Settings s) {
        try {
            s.dbName();
            return false;
        } catch (dev.prodguard.error.ProdguardException e) {
            return true;
        }
    }
}
