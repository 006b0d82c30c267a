package dev.logremediation.detect;

import static dev.logremediation.detect.EscapedText.isDigit;
import static dev.logremediation.detect.EscapedText.startsWord;
import static dev.logremediation.detect.EscapedText.valueStart;

import java.util.List;

/**
 * Cheap, allocation-free checks on a raw log line that decide "error or not" before any JSON parsing. They read
 * {@code "key":value} (and logfmt {@code key=value}) at any escaping depth, so a status inside a JSON-in-JSON body
 * counts, and they work on invalid or truncated JSON.
 */
final class QuickScan {

    /** Level names that mean error or worse, in any case. */
    static final List<String> ERROR_LEVELS =
            List.of("error", "err", "fatal", "critical", "crit", "panic", "alert", "emerg", "emergency");
    /** The keys whose value is a level. */
    static final List<String> LEVEL_KEYS = List.of("level", "severity");
    /** pino's numeric levels error (50) and fatal (60). */
    static final List<String> NUMERIC_ERROR_LEVELS = List.of("50", "60");
    /** A status key ends in this, after an {@code s} or {@code S}: status, httpStatus, Status. */
    static final String STATUS_KEY = "tatus";
    /** ... optionally followed by one of these: statusCode, status_code. */
    static final List<String> STATUS_KEY_SUFFIXES = List.of("Code", "_code");
    /** The first digit of a server error status. */
    static final String SERVER_ERROR_DIGIT = "5";

    private QuickScan() {
    }

    /** True for level names that mean error or worse, in any case. */
    static boolean isErrorLevel(String level) {
        if (level == null) {
            return false;
        }
        for (String name : ERROR_LEVELS) {
            if (name.equalsIgnoreCase(level)) {
                return true;
            }
        }
        return false;
    }

    /** True when a {@code status}/{@code statusCode} key anywhere in the text has a value 500..599. */
    static boolean hasServerErrorStatus(String s) {
        return firstStatus(s, 500) > 0;
    }

    /**
     * The first 3-digit value of at least {@code min} of a key ending in {@code status}, {@code statusCode} or
     * {@code status_code} (so {@code httpStatus} counts, {@code statusText} does not), or -1.
     */
    static int firstStatus(String s, int min) {
        for (int i = s.indexOf(STATUS_KEY); i >= 0; i = s.indexOf(STATUS_KEY, i + STATUS_KEY.length())) {
            if (i == 0 || (s.charAt(i - 1) != 's' && s.charAt(i - 1) != 'S')) {
                continue;
            }
            int p = i + STATUS_KEY.length();
            for (String suffix : STATUS_KEY_SUFFIXES) {
                if (s.startsWith(suffix, p)) {
                    p += suffix.length();
                    break;
                }
            }
            int v = valueStart(s, p);
            if (v < 0) {
                continue;
            }
            int status = threeDigits(s, v);
            if (status >= min && status <= 599) {
                return status;
            }
        }
        return -1;
    }

    /** True when a {@code level} or {@code severity} key has an error level: a name, or pino's 50 (error) / 60 (fatal). */
    static boolean hasErrorLevelField(String s) {
        for (String key : LEVEL_KEYS) {
            if (hasErrorLevelValue(s, key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasErrorLevelValue(String s, String key) {
        for (int i = s.indexOf(key); i >= 0; i = s.indexOf(key, i + key.length())) {
            if (!startsWord(s, i)) {
                continue; // e.g. detected_level, loglevel
            }
            int v = valueStart(s, i + key.length());
            if (v < 0) {
                continue;
            }
            int end = v;
            while (end < s.length() && end - v <= 10 && Character.isLetterOrDigit(s.charAt(end))) {
                end++;
            }
            if (isErrorLevelAt(s, v, end)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isErrorLevelAt(String s, int start, int end) {
        int len = end - start;
        for (String level : NUMERIC_ERROR_LEVELS) {
            if (len == level.length() && s.startsWith(level, start)) {
                return true;
            }
        }
        for (String name : ERROR_LEVELS) {
            if (name.length() == len && s.regionMatches(true, start, name, 0, len)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first string value of {@code key} in text that may be invalid JSON, read up to the next quote or backslash
     * (good enough for a fallback signature), or null.
     */
    static String stringField(String s, String key) {
        for (int i = s.indexOf(key); i >= 0; i = s.indexOf(key, i + key.length())) {
            if (!startsWord(s, i)) {
                continue;
            }
            int v = valueStart(s, i + key.length());
            if (v <= 0 || s.charAt(v - 1) != '"') {
                continue;
            }
            int end = v;
            while (end < s.length() && end - v < 500 && s.charAt(end) != '"' && s.charAt(end) != '\\') {
                end++;
            }
            if (end > v) {
                return s.substring(v, end);
            }
        }
        return null;
    }

    private static int threeDigits(String s, int p) {
        if (p + 3 > s.length()) {
            return -1;
        }
        char a = s.charAt(p);
        char b = s.charAt(p + 1);
        char c = s.charAt(p + 2);
        if (!isDigit(a) || !isDigit(b) || !isDigit(c) || (p + 3 < s.length() && isDigit(s.charAt(p + 3)))) {
            return -1;
        }
        return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
    }
}
