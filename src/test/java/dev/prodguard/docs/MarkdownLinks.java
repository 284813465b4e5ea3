package dev.prodguard.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds relative Markdown links whose file or heading anchor does not exist, with GitHub's heading slugs. */
final class MarkdownLinks {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.*?)[ #]*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private MarkdownLinks() {}

    /** Each broken relative link of one Markdown file, as "file: target (why)". */
    static List<String> broken(Path doc) throws IOException {
        List<String> broken = new ArrayList<>();
        Matcher m = LINK.matcher(String.join("\n", outsideCodeBlocks(doc)));
        while (m.find()) {
            String target = m.group(1);
            if (SCHEME.matcher(target).find()) {
                continue;
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            Path resolved = file.isEmpty() ? doc : doc.toAbsolutePath().getParent().resolve(file).normalize();
            if (!Files.exists(resolved)) {
                broken.add(doc + ": " + target + " (no such file)");
            } else if (hash >= 0 && resolved.toString().endsWith(".md")
                    && !anchors(resolved).contains(target.substring(hash + 1))) {
                broken.add(doc + ": " + target + " (no such heading)");
            }
        }
        return broken;
    }

    /** The anchors GitHub gives the headings of a Markdown file (a repeated slug gets -1, -2, ...). */
    static Set<String> anchors(Path doc) throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        Set<String> anchors = new HashSet<>();
        for (String line : outsideCodeBlocks(doc)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** GitHub's heading slug: lower case, punctuation other than '-' and '_' removed, spaces to '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }

    private static List<String> outsideCodeBlocks(Path doc) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean inFence = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.stripLeading().startsWith("```")) {
                inFence = !inFence;
            } else if (!inFence) {
                lines.add(line);
            }
        }
        return lines;
    }
}
