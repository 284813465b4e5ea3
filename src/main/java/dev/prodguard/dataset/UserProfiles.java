package dev.prodguard.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;

/** Generates user profile documents: unicode names, contact details, KYC state, security and preferences. */
final class UserProfiles {
    private static final String[][] PEOPLE = {
        // first names, last names, country, locale
        {"Chinedu|Ngozi|Adaeze|Oluwaseun|Ifeoma|Emeka", "Okonkwo|Adeyemi|Nwosu|Balogun|Eze|Okafor", "NG", "en-NG"},
        {"José|María|Iñaki|Lucía|Sofía|Andrés", "Álvarez|Peña|Muñoz|Ibáñez|Gómez|Fernández", "ES", "es-ES"},
        {"Zoë|Jürgen|Björn|Renée|Søren|Anaïs", "Müller|Schröder|Lefèvre|Østergaard|Ångström|Dvořák", "DE", "de-DE"},
        {"伟|芳|娜|秀英|敏|静", "李|王|张|刘|陈|杨", "CN", "zh-CN"},
        {"Олег|Наталья|Дмитрий|Анастасия|Сергей|Ольга", "Петров|Иванова|Смирнов|Кузнецова|Соколов|Попова", "UA", "uk-UA"},
        {"محمد|فاطمة|أحمد|مريم|علي|ليلى", "الحسن|العلي|الخطيب|النجار|السيد|الفارس", "AE", "ar-AE"},
        {"Aarav|Priya|Vihaan|Ananya|Rohan|Diya", "Sharma|Patel|Iyer|Reddy|Gupta|Nair", "IN", "hi-IN"},
        {"Kwame|Ama|Kofi|Akosua|Yaw|Efua", "Mensah|Boateng|Owusu|Asante|Appiah|Osei", "GH", "en-GH"},
        {"João|Ana|Thiago|Beatriz|Gustavo|Lívia", "Conceição|Gonçalves|Simões|Araújo|Magalhães|Brandão", "BR", "pt-BR"},
        {"さくら|蓮|陽翔|結衣|湊|美咲", "佐藤|鈴木|高橋|田中|渡辺|伊藤", "JP", "ja-JP"},
        {"Wanjiru|Otieno|Achieng|Kamau|Njeri|Mwangi", "Kariuki|Odhiambo|Wafula|Mutua|Chege|Kiprono", "KE", "sw-KE"},
    };
    private static final String[] KYC = {"verified", "verified", "verified", "verified", "pending", "rejected", "none"};
    private static final String[] DOCS = {"passport", "national_id", "drivers_license"};

    private UserProfiles() {}

    /** The profile of user number {@code n}. */
    static Document profile(ObjectId id, long n, Instant createdAt, Random random) {
        String[] p = PEOPLE[random.nextInt(PEOPLE.length)];
        String first = pick(p[0], random);
        String last = pick(p[1], random);
        String country = p[2];
        String status = KYC[random.nextInt(KYC.length)];
        Document kyc = new Document("status", status).append("level", "verified".equals(status) ? 1 + random.nextInt(3) : 0);
        if (!"none".equals(status)) {
            Instant submitted = createdAt.plusSeconds(3600L + random.nextInt(86_400 * 3));
            List<Document> docs = new ArrayList<>();
            int k = 1 + random.nextInt(2);
            for (int i = 0; i < k; i++) {
                docs.add(new Document("type", DOCS[random.nextInt(DOCS.length)])
                        .append("country", country)
                        .append("numberLast4", String.format(Locale.ROOT, "%04d", random.nextInt(10_000)))
                        .append("uploadedAt", Date.from(submitted)));
            }
            kyc.append("submittedAt", Date.from(submitted)).append("documents", docs);
            if (!"pending".equals(status)) {
                kyc.append("reviewedAt", Date.from(submitted.plusSeconds(600 + random.nextInt(172_800))))
                        .append("reviewer", "compliance-" + (1 + random.nextInt(4)));
            }
            if ("rejected".equals(status)) {
                kyc.append("reason", "document image unreadable");
            }
        }
        String handle = String.format(Locale.ROOT, "user%07d", n);
        return new Document("_id", id)
                .append("email", handle + "@example.com")
                .append("name", new Document("first", first).append("last", last)
                        .append("display", first + " " + last))
                .append("phone", "+" + (100 + random.nextInt(900)) + " " + (1_000_000 + random.nextInt(9_000_000)))
                .append("country", country)
                .append("locale", p[3])
                .append("createdAt", Date.from(createdAt))
                .append("kyc", kyc)
                .append("security", new Document("twoFactor", random.nextInt(10) < 7 ? "totp" : "none")
                        .append("passwordChangedAt", Date.from(createdAt.plusSeconds(random.nextInt(86_400 * 200))))
                        .append("lastLoginIps", List.of(ip(random), ip(random))))
                .append("preferences", new Document("displayCurrency", random.nextBoolean() ? "USD" : "EUR")
                        .append("notifications", new Document("email", true).append("sms", random.nextBoolean())
                                .append("push", random.nextBoolean())))
                .append("referral", new Document("code", Long.toString(n * 7919L + 100_000L, 36).toUpperCase(Locale.ROOT)))
                .append("tier", random.nextInt(50) == 0 ? "vip" : "standard");
    }

    private static String pick(String alternatives, Random random) {
        String[] a = alternatives.split("\\|");
        return a[random.nextInt(a.length)];
    }

    private static String ip(Random random) {
        return (11 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
