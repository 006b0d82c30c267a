package dev.logremediation.detect;

import static dev.logremediation.detect.EscapedText.isDigit;

import java.util.Locale;

/**
 * Builds the one-line error signature {@code METHOD PATH STATUS message} (or {@code type STATUS message} when the
 * line has no request) from whatever parts exist. Signatures group lines into incidents, so they must not vary with
 * ids, times or durations, and they end up in e-mails, so they hold no control characters, markup or secrets.
 */
final class Signatures {

    static final int MAX_SIGNATURE_CHARS = 120;
    /** Longer inputs are cut before normalising; a signature never needs more. */
    private static final int MAX_PART_CHARS = 400;
    private static final int MAX_TAG_CHARS = 200;

    private Signatures() {
    }

    static String compose(String method, String path, String type, int status, String message) {
        return compose(method, path, type, status, message, "");
    }

    /** @param kindSuffix ends the signature whatever its length, e.g. {@code " with chaos link (slow)"} */
    static String compose(String method, String path, String type, int status, String message, String kindSuffix) {
        StringBuilder sb = new StringBuilder(64);
        // secrets are masked before normalising, which could otherwise cut a key into unrecognisable pieces
        String cleanMethod = singleLine(method);
        String cleanPath = normalizePath(singleLine(SecretMasker.mask(path)));
        if (!cleanMethod.isEmpty() || !cleanPath.isEmpty()) {
            append(sb, cleanMethod.length() <= 10 ? cleanMethod.toUpperCase(Locale.ROOT) : "");
            append(sb, cleanPath);
        } else {
            append(sb, truncate(singleLine(type), 40));
        }
        if (status >= 100 && status <= 599) {
            append(sb, Integer.toString(status));
        }
        append(sb, normalizeMessage(singleLine(SecretMasker.mask(message))));
        String base = sb.length() == 0 ? "error" : sb.toString();
        return truncate(base, MAX_SIGNATURE_CHARS - kindSuffix.length()).strip() + kindSuffix;
    }

    private static void append(StringBuilder sb, String part) {
        if (!part.isEmpty()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(part);
        }
    }

    /**
     * Text as one clean line: control and line-separator characters become spaces, invisible format characters and
     * HTML tags go, whitespace collapses. Null gives "".
     */
    static String singleLine(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        int n = Math.min(text.length(), MAX_PART_CHARS);
        StringBuilder out = new StringBuilder(n);
        boolean space = true; // drops leading whitespace
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '<') {
                int close = tagEnd(text, i, n);
                if (close > i) {
                    i = close; // a tag: drop it whole
                }
                c = ' ';
            } else if (c == '>' || Character.isWhitespace(c) || Character.isISOControl(c)
                    || c == '\u2028' || c == '\u2029') {
                c = ' ';
            } else if (Character.getType(c) == Character.FORMAT) {
                continue; // zero-width and bidi controls could disguise the text
            }
            if (c == ' ') {
                if (!space) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }

    /** Index of the {@code >} closing a tag opened at {@code open}, looking no further than a tag's length; or -1. */
    private static int tagEnd(String text, int open, int limit) {
        int end = Math.min(limit, open + MAX_TAG_CHARS);
        for (int i = open + 1; i < end; i++) {
            if (text.charAt(i) == '>') {
                return i;
            }
        }
        return -1;
    }

    /** Drops the query and replaces id-like path segments: {@code /api/order/123?x=1} becomes {@code /api/order/{id}}. */
    static String normalizePath(String path) {
        int cut = path.length();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#' || c == ' ') {
                cut = i;
                break;
            }
        }
        StringBuilder out = new StringBuilder(cut);
        int segmentStart = 0;
        for (int i = 0; i <= cut; i++) {
            if (i == cut || path.charAt(i) == '/') {
                String segment = path.substring(segmentStart, i);
                out.append(isAllDigits(segment) || isHexId(segment) ? "{id}" : segment);
                if (i < cut) {
                    out.append('/');
                }
                segmentStart = i + 1;
            }
        }
        return out.toString();
    }

    /**
     * Keeps a message's words but not what varies per occurrence: numbers become {@code {n}}, timestamps {@code {ts}},
     * long hex ids and UUIDs {@code {id}}. Kept: host:port and IPv4 addresses (they name the broken dependency) and
     * digits glued to letters ({@code utf8mb4}, {@code ER_1045}).
     */
    static String normalizeMessage(String message) {
        if (message.isEmpty()) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length());
        for (String token : message.split(" ")) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(normalizeToken(token));
        }
        return out.toString();
    }

    private static String normalizeToken(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && isWrapping(token.charAt(start))) {
            start++;
        }
        while (end > start && isWrapping(token.charAt(end - 1))) {
            end--;
        }
        String core = token.substring(start, end);
        String replaced;
        if (core.isEmpty() || isAddress(core)) {
            return token;
        } else if (core.contains("://")) {
            replaced = urlOrigin(core); // a path may hold keys, fix codes and ids
        } else if (isHexId(core)) {
            replaced = "{id}";
        } else if (isTimestamp(core)) {
            replaced = "{ts}";
        } else {
            replaced = replaceLooseNumbers(core);
        }
        return token.substring(0, start) + replaced + token.substring(end);
    }

    private static String urlOrigin(String url) {
        int hostStart = url.indexOf("://") + 3;
        int end = hostStart;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?' && url.charAt(end) != '\\') {
            end++;
        }
        return url.substring(0, end);
    }

    private static boolean isWrapping(char c) {
        return "\"'`()[]{},;.:!?".indexOf(c) >= 0;
    }

    /** Numbers not glued to a preceding letter become {n}: "order 279" and "41.2ms" lose their numbers. */
    private static String replaceLooseNumbers(String core) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < core.length(); i++) {
            if (!isDigit(core.charAt(i)) || (i > 0 && (Character.isLetter(core.charAt(i - 1)) || core.charAt(i - 1) == '_'))) {
                continue;
            }
            int end = digitsEnd(core, i);
            if (end + 1 < core.length() && core.charAt(end) == '.' && isDigit(core.charAt(end + 1))) {
                end = digitsEnd(core, end + 1); // a decimal is one number: 41.2ms and 7ms read alike
            }
            if (out == null) {
                out = new StringBuilder(core.length());
            }
            out.append(core, copied, i).append("{n}");
            copied = end;
            i = end - 1;
        }
        return out == null ? core : out.append(core, copied, core.length()).toString();
    }

    private static int digitsEnd(String s, int p) {
        while (p < s.length() && isDigit(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** {@code 127.0.0.1}, {@code 127.0.0.1:3306}, {@code db.local:3306}: stable names of a dependency. */
    private static boolean isAddress(String s) {
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? s : s.substring(0, colon);
        if (colon >= 0) {
            String port = s.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !isAllDigits(port)) {
                return false;
            }
        }
        if (isIpv4(host)) {
            return true;
        }
        if (colon < 0 || host.isEmpty()) {
            return false;
        }
        boolean letter = false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '.' && c != '-') {
                return false;
            }
            letter |= Character.isLetter(c);
        }
        return letter;
    }

    private static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !isAllDigits(part)) {
                return false;
            }
        }
        return true;
    }

    /** Digits with date/time separators: {@code 2025-01-01T10:00:00.123Z}, {@code 10:00:00}, {@code 2025/01/01}. */
    private static boolean isTimestamp(String s) {
        if (!isDigit(s.charAt(0))) {
            return false;
        }
        int digits = 0;
        int dashes = 0;
        int colons = 0;
        int slashes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                digits++;
            } else if (c == '-') {
                dashes++;
            } else if (c == ':') {
                colons++;
            } else if (c == '/') {
                slashes++;
            } else if ("TZ.+".indexOf(c) < 0) {
                return false;
            }
        }
        return digits >= 4 && (dashes >= 2 || colons >= 2 || slashes >= 2);
    }

    /** 16+ hex digits (with optional UUID dashes) including at least one digit: an id or key, not a word. */
    static boolean isHexId(String s) {
        if (s.length() < 16) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hexLetter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!isDigit(c) && !hexLetter && c != '-') {
                return false;
            }
            digit |= isDigit(c);
        }
        return digit;
    }

    private static boolean isAllDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Cuts to {@code max} chars without splitting a surrogate pair. */
    static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
