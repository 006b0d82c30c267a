package dev.logremediation.report;

import dev.logremediation.detect.SecretMasker;

/**
 * The one door through which text from logs, links and settings enters a report: secrets masked, one line, no
 * control or invisible characters, bounded length. Markup escaping is left to each format.
 */
final class ReportText {

    static final int MAX_CHARS = 500;

    private ReportText() {
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        // mask before cutting: a key cut in half might no longer be recognised as one
        String masked = SecretMasker.mask(text);
        StringBuilder out = new StringBuilder(Math.min(masked.length(), MAX_CHARS + 16));
        for (int i = 0; i < masked.length() && out.length() <= MAX_CHARS; i++) {
            char c = masked.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(' ');
            } else if (Character.getType(c) != Character.FORMAT) { // zero-width and bidi controls could disguise text
                out.append(c);
            }
        }
        String line = out.toString().strip();
        if (line.length() <= MAX_CHARS) {
            return line;
        }
        int end = Character.isHighSurrogate(line.charAt(MAX_CHARS - 2)) ? MAX_CHARS - 2 : MAX_CHARS - 1;
        return line.substring(0, end) + "…";
    }
}
