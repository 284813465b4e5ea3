package dev.prodguard.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodguard.config.ConfigKey;
import dev.prodguard.config.Settings;
import dev.prodguard.error.ProdguardException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tiers the capacity advisor chooses from, cheapest first: the defaults below, or the {@code tiers:} list of
 * prodguard.yml, which replaces them whole. Each default names its source and the date it was read; prices and
 * limits change, so a team that pays something else writes its own list (docs/reports.md).
 */
public record TierTable(List<Tier> tiers) {
    /** When the defaults were read from their sources. */
    public static final String AS_OF = "2026-12-07";
    private static final String GUIDE = "the deployment guide's cost table (" + AS_OF + ")";
    private static final String ATLAS = "MongoDB Atlas documentation of cluster limits (as known on " + AS_OF + ")";

    /** The defaults: the guide's M0, M10 and M20 (storage and price), Atlas Flex, limits from the Atlas documentation. */
    public static final TierTable DEFAULTS = new TierTable(List.of(
            new Tier("M0", 512, 500, 100, 10, 0, GUIDE + " for storage and price; " + ATLAS
                    + " for 500 connections, 100 operations/s and 10 GB in and out per 7 days"),
            new Tier("FLEX", 5 * 1024, 500, 500, 0, 8, ATLAS + ": 5 GB, 500 connections, 500 operations/s; from about $8 a"
                    + " month, at most about $30 with traffic"),
            new Tier("M10", 10 * 1024, 1500, 0, 0, 57, GUIDE + " for storage and price; " + ATLAS + " for 1,500 connections"),
            new Tier("M20", 20 * 1024, 3000, 0, 0, 120, GUIDE + " for storage and price; " + ATLAS + " for 3,000 connections")));

    /** The keys one tier of the {@code tiers:} list accepts. */
    public static final List<String> KEYS = List.of("name", "storage_mb", "connections", "ops_per_second",
            "transfer_gb_per_7_days", "monthly_usd", "source");

    public TierTable {
        tiers = tiers.stream().sorted(Comparator.comparingDouble(Tier::monthlyUsd)).toList();
    }

    /** The tier named {@code name} (any case). */
    public Optional<Tier> find(String name) {
        return tiers.stream().filter(t -> t.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /**
     * The configured table and the current tier ({@code PRODGUARD_TIER}, empty when unset).
     *
     * @throws ProdguardException CONFIG naming the key for a bad {@code tiers:} entry or an unknown tier name
     */
    public static TierTable from(Settings settings) {
        return parse(settings.section("tiers"));
    }

    /** The current tier named by {@code PRODGUARD_TIER}, empty when unset. @throws ProdguardException CONFIG when not in the table */
    public Optional<Tier> current(Settings settings) {
        Optional<String> name = settings.get(ConfigKey.TIER);
        if (name.isEmpty() || name.get().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(find(name.get()).orElseThrow(() -> ProdguardException.config("PRODGUARD_TIER='" + name.get()
                + "' is not a tier of the tier table; use one of " + String.join(", ", tiers.stream().map(Tier::name).toList())
                + " (or add it to the tiers: list of prodguard.yml)")));
    }

    /** Reads a {@code tiers:} node (missing: the defaults). @throws ProdguardException CONFIG naming the entry and key */
    public static TierTable parse(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return DEFAULTS;
        }
        if (!n.isArray() || n.isEmpty()) {
            throw ProdguardException.config("prodguard.yml: 'tiers' must be a list of tiers, each with name, storage_mb,"
                    + " connections and monthly_usd (see docs/reports.md)");
        }
        List<Tier> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            String where = "prodguard.yml: tiers[" + i + "]";
            if (!t.isObject()) {
                throw ProdguardException.config(where + " must be a section of keys (" + String.join(", ", KEYS) + ")");
            }
            for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!KEYS.contains(k)) {
                    throw ProdguardException.config(where + ": unknown key '" + k + "'; known keys: " + String.join(", ", KEYS));
                }
            }
            String name = t.path("name").asText("").strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw ProdguardException.config(where + ": 'name' is missing (e.g. name: M10)");
            }
            where = where + " (" + name + ")";
            out.add(new Tier(name, whole(t, "storage_mb", where, true), whole(t, "connections", where, true),
                    whole(t, "ops_per_second", where, false), whole(t, "transfer_gb_per_7_days", where, false),
                    money(t, where), t.path("source").asText("prodguard.yml")));
        }
        if (out.stream().map(Tier::name).distinct().count() != out.size()) {
            throw ProdguardException.config("prodguard.yml: 'tiers' names a tier twice");
        }
        return new TierTable(out);
    }

    private static long whole(JsonNode t, String key, String where, boolean required) {
        JsonNode v = t.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw ProdguardException.config(where + ": '" + key + "' is missing");
            }
            return 0;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > 1L << 40) {
            throw ProdguardException.config(where + ": '" + key + "' must be a whole number from 0 to " + (1L << 40)
                    + ", got '" + v.asText() + "'");
        }
        return v.asLong();
    }

    private static double money(JsonNode t, String where) {
        JsonNode v = t.get("monthly_usd");
        if (v == null || !v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1_000_000) {
            throw ProdguardException.config(where + ": 'monthly_usd' must be a number from 0 to 1000000 (US dollars a month)");
        }
        return v.asDouble();
    }
}
