package dev.logremediation.detect;

/**
 * Low-level reading of log text that may be JSON escaped several times, without unescaping it first: a quote can
 * appear as {@code "}, {@code \"} or {@code \\\"}, a slash as {@code /} or {@code \/}. All methods are
 * allocation-free so the classifier's hot path stays cheap.
 */
final class EscapedText {

    /** Three levels of JSON escaping put 7 backslashes before a character; allow slack but stay bounded. */
    static final int MAX_BACKSLASHES = 15;

    private EscapedText() {
    }

    static int skipBackslashes(String s, int p) {
        int limit = Math.min(s.length(), p + MAX_BACKSLASHES);
        while (p < limit && s.charAt(p) == '\\') {
            p++;
        }
        return p;
    }

    /** Index just after a {@code /} at {@code p} written with any number of backslashes before it, or -1. */
    static int afterSlash(String s, int p) {
        int q = skipBackslashes(s, p);
        return q < s.length() && s.charAt(q) == '/' ? q + 1 : -1;
    }

    /** Index just after {@code word} at {@code p}, or -1. */
    static int after(String s, int p, String word) {
        return s.startsWith(word, p) ? p + word.length() : -1;
    }

    static int skipSpaces(String s, int p) {
        while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    /**
     * Given the index just after a key's name, returns where its value starts: skips the key's closing quote (any
     * escaping), a {@code :} or {@code =}, spaces and the value's opening quote. Returns -1 if no separator follows,
     * so {@code "statusText"} or prose that merely contains the word is not taken for a key.
     */
    static int valueStart(String s, int p) {
        int n = s.length();
        int q = skipBackslashes(s, p);
        if (q < n && s.charAt(q) == '"') {
            p = q + 1;
        }
        p = skipSpaces(s, p);
        if (p >= n || (s.charAt(p) != ':' && s.charAt(p) != '=')) {
            return -1;
        }
        p = skipSpaces(s, p + 1);
        q = skipBackslashes(s, p);
        return q < n && s.charAt(q) == '"' ? q + 1 : p;
    }

    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True when the character before {@code i} cannot continue a key name, i.e. {@code i} starts a whole word. */
    static boolean startsWord(String s, int i) {
        return i == 0 || !isWordChar(s.charAt(i - 1));
    }

    /** True when the character at {@code i} cannot continue a key name, i.e. a word ends just before {@code i}. */
    static boolean endsWord(String s, int i) {
        return i >= s.length() || !isWordChar(s.charAt(i));
    }
}
