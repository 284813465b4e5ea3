package dev.prodguard.guardian;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): HELP and TYPE lines well
 * formed, every other line {@code name{labels} value [timestamp]}, names and label names valid,
 * label values properly escaped, every sample belonging to a family declared by a TYPE line
 * before it. Throws {@link IllegalArgumentException} naming the line on any deviation.
 */
final class PrometheusText {
    static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?|\\.[0-9]+([eE][+-]?[0-9]+)?)");
    private static final Set<String> SUFFIXES = Set.of("", "_total", "_created", "_sum", "_count", "_bucket");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {}

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition must end with a newline");
        }
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                p.comment(line, n);
            } else {
                p.sample(line, n);
            }
        }
        return p;
    }

    private void comment(String line, int n) {
        if (line.startsWith("# HELP ")) {
            if (!HELP.matcher(line).matches()) {
                throw bad(n, line, "malformed HELP");
            }
        } else if (line.startsWith("# TYPE ")) {
            Matcher m = TYPE.matcher(line);
            if (!m.matches()) {
                throw bad(n, line, "malformed TYPE");
            }
            if (types.put(m.group(1), m.group(2)) != null) {
                throw bad(n, line, "TYPE declared twice");
            }
        }
        // any other comment is allowed by the format
    }

    private void sample(String line, int n) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (!NAME.matcher(name).matches()) {
            throw bad(n, line, "bad metric name '" + name + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels, n);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw bad(n, line, "expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2 || !VALUE.matcher(rest[0]).matches()) {
            throw bad(n, line, "bad value");
        }
        if (rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
            throw bad(n, line, "bad timestamp");
        }
        if (SUFFIXES.stream().noneMatch(s -> name.endsWith(s) && types.containsKey(name.substring(0, name.length() - s.length())))) {
            throw bad(n, line, "sample of a family without a TYPE line before it");
        }
        String v = rest[0].replace("Inf", "Infinity");
        samples.add(new Sample(name, labels, Double.parseDouble(v)));
    }

    private int labels(String line, int i, Map<String, String> out, int n) {
        while (true) {
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw bad(n, line, "label without '='");
            }
            String label = line.substring(i, eq);
            if (!LABEL_NAME.matcher(label).matches()) {
                throw bad(n, line, "bad label name '" + label + "'");
            }
            if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw bad(n, line, "label value not quoted");
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= line.length()) {
                    throw bad(n, line, "unterminated label value");
                }
                char c = line.charAt(j);
                if (c == '\\') {
                    char e = j + 1 < line.length() ? line.charAt(j + 1) : ' ';
                    if (e != '\\' && e != '"' && e != 'n') {
                        throw bad(n, line, "bad escape in label value");
                    }
                    v.append(e == 'n' ? '\n' : e);
                    j += 2;
                } else if (c == '"') {
                    j++;
                    break;
                } else {
                    v.append(c);
                    j++;
                }
            }
            if (out.put(label, v.toString()) != null) {
                throw bad(n, line, "label '" + label + "' twice");
            }
            if (j < line.length() && line.charAt(j) == ',') {
                j++;
            }
            i = j;
        }
    }

    /** The value of the one sample with this name and these labels (a subset match). */
    double value(String name, Map<String, String> labels) {
        List<Sample> hits = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (hits.size() != 1) {
            throw new AssertionError(hits.size() + " samples named " + name + " " + labels + " in " + samples);
        }
        return hits.get(0).value();
    }

    private static IllegalArgumentException bad(int n, String line, String why) {
        return new IllegalArgumentException("line " + n + ": " + why + ": " + line);
    }
}
