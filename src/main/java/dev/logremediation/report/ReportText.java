package dev.logremediation.report;

import dev.logremediation.detect.SecretMasker;
import dev.logremediation.text.Text;

/**
 * The one door through which text from logs, links and settings enters a report: secrets masked (before cutting),
 * then one line of at most {@value #MAX_CHARS} characters ({@link Text#oneLine}). Markup escaping is left to each format.
 */
final class ReportText {

    static final int MAX_CHARS = 500;

    private ReportText() {
    }

    static String clean(String text) {
        return Text.oneLine(SecretMasker.mask(text), MAX_CHARS);
    }
}
