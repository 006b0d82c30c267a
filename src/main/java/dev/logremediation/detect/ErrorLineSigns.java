package dev.logremediation.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The texts one of which every line contains that the classifier calls an error by its text: derived from the very
 * tables {@link QuickScan} and {@link ResolutionLinkExtractor} decide with, so that a line filter made of them cannot
 * drift from the classifier. Each rule's sign is written in the forms the classifier reads:
 * <ul>
 *   <li>a level name (error, fatal, ...) as a value: the name itself, lower case, capitalised or upper case;</li>
 *   <li>a 5xx status: key and value joined as JSON writes them at every escaping depth 0..3
 *       ({@code "statusCode":5}, {@code \"statusCode\":5}, {@code \\\"statusCode\\\":5}, ...), unescaped also with
 *       a space, with the value quoted or not, and as logfmt or an object dump writes them ({@code status=5},
 *       {@code statusCode: 5}); a numeric level (pino's 50, 60) the same way in the line itself;</li>
 *   <li>a resolution link: its {@code support} path or {@code report?} query.</li>
 * </ul>
 * What the classifier reads and these forms do not hold (a level in mixed case like {@code eRRor} inside the line,
 * several spaces around a separator, a space after a colon inside an escaped body, a numeric level inside an escaped
 * body) is not sent by a pushed-down query:
 * such a watch sets {@code pushDown: false}.
 */
final class ErrorLineSigns {

    /** JSON escaping depths a body can have in real logs (see the spec): 0 to 3. */
    static final int MAX_ESCAPING_DEPTH = 3;

    private ErrorLineSigns() {
    }

    static List<String> literals() {
        Set<String> signs = new LinkedHashSet<>();
        for (String level : withoutLongerForms(QuickScan.ERROR_LEVELS)) {
            signs.add(level);
            signs.add(Character.toUpperCase(level.charAt(0)) + level.substring(1));
            signs.add(level.toUpperCase(Locale.ROOT));
        }
        List<String> statusKeys = new ArrayList<>();
        statusKeys.add(QuickScan.STATUS_KEY);
        statusKeys.addAll(QuickScan.STATUS_KEY_SUFFIXES);
        for (String key : statusKeys) {
            signs.addAll(keyValueForms(key, QuickScan.SERVER_ERROR_DIGIT, MAX_ESCAPING_DEPTH));
        }
        for (String key : QuickScan.LEVEL_KEYS) {
            for (String level : QuickScan.NUMERIC_ERROR_LEVELS) {
                signs.addAll(keyValueForms(key, level, 0)); // pino writes them in its own line, unescaped
            }
        }
        signs.add(ResolutionLinkExtractor.SUPPORT_PATH);
        signs.add(ResolutionLinkExtractor.REPORT_QUERY);
        return withoutLongerForms(new ArrayList<>(signs));
    }

    /**
     * {@code key} followed by a value starting with {@code value}, as {@link EscapedText#valueStart} reads it: a
     * quoted key at each escaping depth up to {@code maxDepth}, then {@code :} and the value, quoted alike or not (at
     * depth 0 also after a space); or an unquoted key, {@code :} or {@code =}, an optional space, the value.
     */
    static List<String> keyValueForms(String key, String value, int maxDepth) {
        List<String> forms = new ArrayList<>();
        for (int depth = 0; depth <= maxDepth; depth++) {
            forms.add(key + quote(depth) + ":" + value);
            forms.add(key + quote(depth) + ":" + quote(depth) + value);
        }
        forms.add(key + "\": " + value);
        forms.add(key + "\": \"" + value);
        for (String separator : List.of(":", "=")) {
            forms.add(key + separator + value);
            forms.add(key + separator + " " + value);
        }
        forms.add(key + "=\"" + value);
        return forms;
    }

    /** A double quote as JSON writes it at this escaping depth: {@code "}, {@code \"}, {@code \\\"}, ... */
    static String quote(int depth) {
        return "\\".repeat((1 << depth) - 1) + "\"";
    }

    /** Drops every text that contains another: a line holding it holds the shorter one too. */
    static List<String> withoutLongerForms(List<String> texts) {
        List<String> kept = new ArrayList<>();
        for (String text : texts) {
            boolean covered = texts.stream().anyMatch(other -> !other.equals(text) && text.contains(other));
            if (!covered && !kept.contains(text)) {
                kept.add(text);
            }
        }
        return kept;
    }
}
