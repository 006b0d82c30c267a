package dev.logremediation.loki;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A LogQL line filter, {@code |= "x"}, {@code != "x"}, {@code |~ "re"} or {@code !~ "re"}: looks for the text or the
 * regex anywhere in the line. Line filters in one query are ANDed. A regex made only of literal alternatives
 * (optionally {@code (?i)}) is run as substring searches, as Loki does (loki-http-api.md, "What queries cost").
 */
public final class LineFilter {

    private static final int PREFIX_CHARS = 4;

    private final StreamSelector.Operator operator;
    private final String value;
    private final Pattern pattern;
    /**
     * The alternatives of a literal regex (lower case when {@link #ignoreCase}) by their first characters, so that a
     * line is searched for each beginning once; null for any other regex.
     */
    private final Map<String, List<String>> literals;
    private final boolean ignoreCase;

    private LineFilter(StreamSelector.Operator operator, String value, Pattern pattern) {
        this.operator = operator;
        this.value = value;
        this.pattern = pattern;
        this.ignoreCase = pattern != null && value.startsWith("(?i)");
        List<String> alternatives = pattern == null ? null
                : literalAlternatives(ignoreCase ? value.substring(4) : value);
        this.literals = alternatives == null ? null : alternatives.stream().collect(Collectors.groupingBy(
                literal -> literal.substring(0, Math.min(PREFIX_CHARS, literal.length())), LinkedHashMap::new,
                Collectors.toList()));
    }

    public boolean matches(String line) {
        return switch (operator) {
            case EQUAL -> line.contains(value);
            case NOT_EQUAL -> !line.contains(value);
            case REGEX -> regexFinds(line);
            case NOT_REGEX -> !regexFinds(line);
        };
    }

    private boolean regexFinds(String line) {
        if (literals == null) {
            return pattern.matcher(line).find();
        }
        String text = ignoreCase ? line.toLowerCase(Locale.ROOT) : line;
        for (Map.Entry<String, List<String>> group : literals.entrySet()) {
            if (text.contains(group.getKey())) {
                for (String literal : group.getValue()) {
                    if (text.contains(literal)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** {@code a|b\.c|d} as its alternatives, unescaped; null when the regex holds anything but literals. */
    private List<String> literalAlternatives(String regex) {
        List<String> alternatives = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                current.append(regex.charAt(++i));
            } else if (c == '|') {
                alternatives.add(current.toString());
                current.setLength(0);
            } else if ("\\.+*?()[]{}^$".indexOf(c) >= 0) {
                return null;
            } else {
                current.append(c);
            }
        }
        alternatives.add(current.toString());
        return alternatives.stream().map(a -> ignoreCase ? a.toLowerCase(Locale.ROOT) : a).toList();
    }

    /** True when a line filter starts where {@code text} stands (after spaces). */
    public static boolean startsAt(LogQlText text) {
        text.skipSpace();
        return text.peek("|=") || text.peek("!=") || text.peek("|~") || text.peek("!~");
    }

    /** Reads the line filter where {@code text} stands; anything else is a parse error worded as Loki's. */
    public static LineFilter read(LogQlText text) throws LogQlText.ParseException {
        text.skipSpace();
        StreamSelector.Operator operator;
        if (text.accept("|=")) {
            operator = StreamSelector.Operator.EQUAL;
        } else if (text.accept("!=")) {
            operator = StreamSelector.Operator.NOT_EQUAL;
        } else if (text.accept("|~")) {
            operator = StreamSelector.Operator.REGEX;
        } else if (text.accept("!~")) {
            operator = StreamSelector.Operator.NOT_REGEX;
        } else {
            throw text.unexpected("a line filter (|=, !=, |~, !~)");
        }
        text.skipSpace();
        int valueColumn = text.column();
        String value = text.string();
        return new LineFilter(operator, value, operator.isRegex() ? LogQlText.regex(value, valueColumn) : null);
    }
}
