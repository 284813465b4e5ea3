package dev.prodguard.restore;

import dev.prodguard.error.ProdguardException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Include/exclude patterns over namespaces, as mongorestore's --nsInclude: {@code db.collection}
 * with {@code *} matching any run of characters. A pattern also matches the bare collection name,
 * so {@code orders} and {@code shop.orders} both select collection {@code orders} of database {@code shop}.
 */
final class NamespaceFilter {
    private final List<Pattern> include;
    private final List<Pattern> exclude;

    NamespaceFilter(List<String> include, List<String> exclude) {
        this.include = compile(include, "--include");
        this.exclude = compile(exclude, "--exclude");
    }

    boolean accepts(String db, String collection) {
        boolean in = include.isEmpty() || include.stream().anyMatch(p -> matches(p, db, collection));
        return in && exclude.stream().noneMatch(p -> matches(p, db, collection));
    }

    private static boolean matches(Pattern p, String db, String collection) {
        return p.matcher(db + "." + collection).matches() || p.matcher(collection).matches();
    }

    private static List<Pattern> compile(List<String> patterns, String flag) {
        List<Pattern> out = new ArrayList<>();
        for (String s : patterns) {
            if (s == null || s.isBlank()) {
                throw ProdguardException.usage(flag + " needs a namespace such as 'shop.orders' or 'shop.*'");
            }
            String[] parts = s.split("\\*", -1);
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    re.append(".*");
                }
                re.append(Pattern.quote(parts[i]));
            }
            out.add(Pattern.compile(re.toString(), Pattern.DOTALL));
        }
        return out;
    }
}
