package dev.logremediation.loki;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What makes a line an error, in terms Loki can filter on cheaply (a label matcher, substring searches): the detector
 * states it, the poller turns it into queries ({@link ReadPlan}).
 *
 * @param levelLabels  stream labels whose value can say error, tried in order
 * @param errorLevels  the values (any case) of those labels that mean error or worse
 * @param lineLiterals case-sensitive texts of which every line that is an error by its text contains at least one
 */
public record ErrorSignals(List<String> levelLabels, List<String> errorLevels, List<String> lineLiterals) {

    public ErrorSignals {
        levelLabels = List.copyOf(levelLabels);
        errorLevels = List.copyOf(errorLevels);
        lineLiterals = List.copyOf(lineLiterals);
    }

    /** The label regex matching an error level in any case, e.g. {@code (?i)error|err|fatal}. */
    public String levelRegex() {
        return "(?i)" + errorLevels.stream().map(ErrorSignals::quoteRegex).collect(Collectors.joining("|"));
    }

    /**
     * The line regex: the literals as alternatives, nothing else, which Loki runs as substring searches instead of
     * its regex engine (see loki-http-api.md, "What queries cost").
     */
    public String lineRegex() {
        return lineLiterals.stream().sorted().map(ErrorSignals::quoteRegex).collect(Collectors.joining("|"));
    }

    /** Escapes the characters that mean something in RE2 and in Java's regexes: the rest stands for itself in both. */
    static String quoteRegex(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
