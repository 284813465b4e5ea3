package dev.prodguard.checklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.prodguard.connect.Clients;
import dev.prodguard.text.Durations;
import dev.prodguard.text.Instants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The guide's "check first transactions are recorded", read-only: every collection listed under
 * prodguard.yml {@code protected:} holds at least one document (without that list: at least one
 * collection of DB_NAME not named {@code prodguard_*} or {@code system.*} does), and the newest write
 * that can be dated (an ObjectId {@code _id}'s time, else the largest {@code createdAt} date) is within 7 days.
 */
final class FirstTransactionsItem extends BaseItem {
    /** How recent the newest datable write must be. */
    static final Duration RECENT = Duration.ofDays(7);

    FirstTransactionsItem() {
        super("first-transactions", "First transactions recorded in the protected collections", 3, Stage.POST_LIVE);
    }

    @Override
    public ItemResult run(CheckContext ctx) {
        String dbName = ctx.settings().dbName();
        List<String> configured = configured(ctx.settings().section("protected"));
        int timeout = ctx.timeoutMs();
        try (MongoClient client = Clients.create(ctx.settings().mongo(), timeout)) {
            MongoDatabase db = client.getDatabase(dbName);
            List<String> existing = db.listCollectionNames().into(new ArrayList<>());
            List<String> names = configured.isEmpty() ? existing.stream()
                    .filter(n -> !n.startsWith("prodguard_") && !n.startsWith("system.")).sorted().toList() : configured;
            if (names.isEmpty()) {
                return ItemResult.fail(this, "database " + dbName + " has no application collection yet",
                        "make a first real transaction in production, or list the collections to watch under"
                                + " 'protected:' in prodguard.yml");
            }
            List<String> empty = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            Instant newest = null;
            for (String name : names) {
                MongoCollection<Document> c = db.getCollection(name);
                if (!existing.contains(name) || c.find().projection(Projections.include("_id"))
                        .maxTime(timeout, TimeUnit.MILLISECONDS).first() == null) {
                    empty.add(name);
                    notes.add(name + ": " + (existing.contains(name) ? "empty" : "does not exist"));
                    continue;
                }
                Optional<Instant> last = lastWrite(c, timeout);
                notes.add(name + ": has documents; newest write " + last.map(Instant::toString).orElse("not datable"));
                if (last.isPresent() && (newest == null || last.get().isAfter(newest))) {
                    newest = last.get();
                }
            }
            String scope = (configured.isEmpty() ? "application collections" : "protected collections") + " of "
                    + dbName;
            if (configured.isEmpty() && empty.size() == names.size()) {
                return ItemResult.fail(this, "none of the " + names.size() + " " + scope + " holds a document",
                        "make a first real transaction in production and confirm the app's DB_NAME is " + dbName)
                        .withNotes(notes);
            }
            if (!configured.isEmpty() && !empty.isEmpty()) {
                return ItemResult.fail(this, empty.size() + " of " + names.size() + " " + scope + " hold no document: "
                        + String.join(", ", empty), "confirm the production app writes to " + dbName
                        + " (is DB_NAME the same in the app?); fix 'protected:' in prodguard.yml if a name is wrong")
                        .withNotes(notes);
            }
            String holding = (names.size() - empty.size()) + " of " + names.size() + " " + scope + " hold documents";
            if (newest == null) {
                return ItemResult.pass(this, holding + " (write times not datable:"
                        + " no ObjectId _id or createdAt)").withNotes(notes);
            }
            Duration age = Duration.between(newest, ctx.clock().instant());
            if (age.compareTo(RECENT) > 0) {
                return ItemResult.fail(this, holding + ", but the newest write is "
                        + Durations.human(age) + " old (" + Instants.human(newest) + ")", "confirm the production app is writing to "
                        + dbName + "; an app pointed at another database leaves this one stale").withNotes(notes);
            }
            return ItemResult.pass(this, holding + "; newest write "
                    + Durations.human(age) + " ago").withNotes(notes);
        }
    }

    static List<String> configured(JsonNode section) {
        List<String> out = new ArrayList<>();
        if (section.isArray()) {
            section.forEach(n -> {
                if (n.isTextual() && !n.asText().isBlank()) {
                    out.add(n.asText().trim());
                }
            });
        } else if (!section.isMissingNode() && !section.isNull()) {
            throw dev.prodguard.error.ProdguardException.config("prodguard.yml: 'protected' must be a list of"
                    + " collection names, e.g. protected: [users, wallets, transactions]");
        }
        return out;
    }

    /** The newest datable write: the newest ObjectId _id's time, else the largest createdAt date. */
    private static Optional<Instant> lastWrite(MongoCollection<Document> c, int timeout) {
        Document byId = c.find().projection(Projections.include("_id")).sort(Sorts.descending("_id"))
                .maxTime(timeout, TimeUnit.MILLISECONDS).first();
        if (byId != null && byId.get("_id") instanceof ObjectId id) {
            return Optional.of(id.getDate().toInstant());
        }
        Document byCreated = c.find(Filters.type("createdAt", "date")).projection(Projections.include("createdAt"))
                .sort(Sorts.descending("createdAt")).maxTime(timeout, TimeUnit.MILLISECONDS).first();
        if (byCreated != null && byCreated.get("createdAt") instanceof Date d) {
            return Optional.of(d.toInstant());
        }
        return Optional.empty();
    }
}
