package dev.logremediation.sandbox;

/**
 * Writes JSON strings the way Go's {@code encoding/json} does, because that is what Loki sends: HTML-safe escapes
 * ({@code <}, {@code >} and {@code &} become backslash-u003c, -u003e and -u0026), U+2028 and U+2029 escaped too,
 * other non-ASCII text left as is, and text that is not valid UTF-16 (so not valid UTF-8) replaced by U+FFFD.
 */
final class GoJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char LINE_SEPARATOR = 0x2028;
    private static final char PARAGRAPH_SEPARATOR = 0x2029;

    private GoJson() {
    }

    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', LINE_SEPARATOR, PARAGRAPH_SEPARATOR -> appendUnicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        appendUnicodeEscape(out, c); // \b and \f too, as Go before 1.22 (Loki 2.8) wrote them
                    } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append("\\ufffd"); // a lone surrogate cannot be UTF-8; Go writes the replacement char
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void appendUnicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
    }
}
