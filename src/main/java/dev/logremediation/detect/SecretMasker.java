package dev.logremediation.detect;

import static dev.logremediation.detect.EscapedText.afterSlash;
import static dev.logremediation.detect.EscapedText.endsWord;
import static dev.logremediation.detect.EscapedText.isWordChar;
import static dev.logremediation.detect.EscapedText.skipSpaces;

/**
 * Masks secrets in text bound for this project's own logs, metrics and stored reports: the operator's factory api
 * key inside resolution links ({@code /api/support/<key>/...} and {@code apiKey=<key>}, also JSON-escaped),
 * {@code Bearer <token>}, and the values of {@code password}, {@code token} and {@code apiKey} fields.
 * Long secrets keep their first 4 characters (enough to tell two operators apart), short ones are masked whole.
 * Idempotent; returns the same instance, without allocating, when there is nothing to mask.
 */
public final class SecretMasker {

    public static final String MASK = "****";

    /** Secrets at least this long keep a 4-character prefix; shorter ones would leak too much of themselves. */
    private static final int PREFIX_MIN_LENGTH = 16;
    private static final int MAX_VALUE_CHARS = 4096;

    private static final String[] KEY_FIELDS = {"apiKey", "apikey", "ApiKey", "api_key"};
    private static final String[] TOKEN_FIELDS = {"token", "Token"};
    private static final String[] PASSWORD_FIELDS = {"password", "Password", "passwd"};

    private SecretMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = maskSpans(text, "support", SecretMasker::supportPathKey, true);
        for (String key : KEY_FIELDS) {
            s = maskSpans(s, key, SecretMasker::fieldValue, true);
        }
        for (String key : TOKEN_FIELDS) {
            s = maskSpans(s, key, SecretMasker::fieldValue, true);
        }
        for (String key : PASSWORD_FIELDS) {
            s = maskSpans(s, key, SecretMasker::fieldValue, false);
        }
        s = maskSpans(s, "Bearer", SecretMasker::bearerToken, true);
        return maskSpans(s, "bearer", SecretMasker::bearerToken, true);
    }

    /** Finds the secret belonging to the needle found at {@code at}. */
    @FunctionalInterface
    private interface SecretFinder {
        /** The secret's span packed as {@code start << 32 | end}, or -1 when there is none (or it is masked). */
        long find(String s, int at, String needle);
    }

    private static String maskSpans(String s, String needle, SecretFinder finder, boolean keepPrefix) {
        StringBuilder out = null;
        int copied = 0;
        for (int at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + needle.length())) {
            long span = finder.find(s, at, needle);
            if (span < 0) {
                continue;
            }
            int start = (int) (span >>> 32);
            int end = (int) span;
            if (start < copied || end <= start || isMasked(s, start, end)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, copied, start);
            if (keepPrefix && end - start >= PREFIX_MIN_LENGTH) {
                out.append(s, start, start + 4);
            }
            out.append(MASK);
            copied = end;
            at = Math.max(at, end - needle.length());
        }
        return out == null ? s : out.append(s, copied, s.length()).toString();
    }

    /** Already masked: the value ends in the mask, or the mask directly follows it (a kept prefix). */
    private static boolean isMasked(String s, int start, int end) {
        return s.startsWith(MASK, end) || (end - start >= MASK.length() && s.startsWith(MASK, end - MASK.length()));
    }

    /** {@code api/support/<key>} with any escaping of the slashes: the key's span. */
    private static long supportPathKey(String s, int at, String needle) {
        if (at < 4 || s.charAt(at - 1) != '/') {
            return -1;
        }
        int q = at - 2;
        while (q >= 0 && s.charAt(q) == '\\') {
            q--;
        }
        if (q < 2 || !s.startsWith("api", q - 2)) {
            return -1;
        }
        int start = afterSlash(s, at + needle.length());
        if (start < 0) {
            return -1;
        }
        int end = start;
        while (end < s.length() && end - start < MAX_VALUE_CHARS && isWordChar(s.charAt(end))) {
            end++;
        }
        return span(start, end);
    }

    /**
     * The value of a field named {@code needle}: {@code needle=value} (query string, logfmt) or a JSON string
     * {@code "needle":"value"} at any escaping depth. JSON non-strings ({@code null}, numbers) are no secrets.
     */
    private static long fieldValue(String s, int at, String needle) {
        int n = s.length();
        int p = at + needle.length();
        if (!endsWord(s, p)) { // "tokens", "passwordHash": another field
            return -1;
        }
        int keyQuote = EscapedText.skipBackslashes(s, p);
        boolean quotedKey = keyQuote < n && s.charAt(keyQuote) == '"';
        p = skipSpaces(s, quotedKey ? keyQuote + 1 : p);
        if (p >= n) {
            return -1;
        }
        char separator = s.charAt(p);
        if (separator == '=' && !quotedKey) {
            int start = p + 1;
            int end = start;
            while (end < n && end - start < MAX_VALUE_CHARS && isQueryValueChar(s.charAt(end))) {
                end++;
            }
            return span(start, end);
        }
        if (separator != ':') {
            return -1;
        }
        p = skipSpaces(s, p + 1);
        int escapes = EscapedText.skipBackslashes(s, p) - p;
        if (p + escapes >= n || s.charAt(p + escapes) != '"') {
            return -1;
        }
        int start = p + escapes + 1;
        return span(start, closingQuote(s, start, escapes));
    }

    /**
     * Where a JSON string opened by a quote with {@code escapes} backslashes ends: at the next quote with the same
     * number of backslashes (a quote inside the value has more). The end of the text if it was cut off.
     */
    private static int closingQuote(String s, int start, int escapes) {
        int limit = Math.min(s.length(), start + MAX_VALUE_CHARS);
        for (int q = s.indexOf('"', start); q >= 0 && q < limit; q = s.indexOf('"', q + 1)) {
            int b = q;
            while (b > start && s.charAt(b - 1) == '\\') {
                b--;
            }
            if (q - b == escapes) {
                return b;
            }
        }
        return limit;
    }

    /** {@code Bearer <token>}: the token's span. */
    private static long bearerToken(String s, int at, String needle) {
        int p = at + needle.length();
        if (!EscapedText.startsWord(s, at) || p >= s.length() || s.charAt(p) != ' ') {
            return -1;
        }
        int start = skipSpaces(s, p);
        int end = start;
        while (end < s.length() && end - start < MAX_VALUE_CHARS && isTokenChar(s.charAt(end))) {
            end++;
        }
        return span(start, end);
    }

    private static boolean isQueryValueChar(char c) {
        return c > ' ' && c != '&' && c != '"' && c != '\\' && c != ',' && c != ';' && c != '}' && c != ')'
                && c != ']' && c != '\'' && c != '<' && c != '>';
    }

    private static boolean isTokenChar(char c) {
        return isWordChar(c) || c == '.' || c == '-' || c == '~' || c == '+' || c == '/' || c == '=';
    }

    private static long span(int start, int end) {
        return end > start ? ((long) start << 32) | end : -1;
    }
}
