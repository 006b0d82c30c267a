package dev.logremediation.verify;

import dev.logremediation.detect.SecretMasker;

import java.time.Duration;
import java.util.Locale;

/** Short, one-line, secret-free text for verdict details. */
final class VerdictText {

    private static final int MAX_CHARS = 200;

    private VerdictText() {
    }

    /** The text on one line, secrets masked, at most 200 characters. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = SecretMasker.mask(text.replaceAll("[\\r\\n\\t]+", " ").strip());
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 3) + "...";
    }

    /** For example {@code 350 ms} or {@code 32.1 s}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
