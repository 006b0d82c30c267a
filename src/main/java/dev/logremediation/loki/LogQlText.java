package dev.logremediation.loki;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A cursor over the text of a LogQL query, with Loki's own parse-error wording: the tokens a stream selector and line
 * filters are made of (names, operators, Go string literals in double quotes or backticks, RE2-like regexes).
 */
public final class LogQlText {

    /** The query cannot be parsed; the message is worded as Loki's {@code parse error ...}. */
    public static final class ParseException extends Exception {
        public ParseException(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;

    public LogQlText(String text) {
        this.text = text;
    }

    public boolean atEnd() {
        return pos >= text.length();
    }

    /** 1-based, as Loki counts columns. */
    public int column() {
        return pos + 1;
    }

    public void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    public boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    public boolean peek(String token) {
        return text.startsWith(token, pos);
    }

    /** 0-based index of where the cursor stands in the text. */
    public int position() {
        return pos;
    }

    public boolean accept(String token) {
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    public void expect(char c, String expecting) throws ParseException {
        if (!peek(c)) {
            throw unexpected(expecting);
        }
        pos++;
    }

    /** A label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public String name() throws ParseException {
        int start = pos;
        if (pos < text.length() && isNameStart(text.charAt(pos))) {
            pos++;
            while (pos < text.length() && (isNameStart(text.charAt(pos)) || Character.isDigit(text.charAt(pos)))) {
                pos++;
            }
        }
        if (pos == start) {
            throw unexpected("IDENTIFIER");
        }
        return text.substring(start, pos);
    }

    /** A Go string literal: double quotes with escapes, or backticks taken raw. */
    public String string() throws ParseException {
        if (accept("`")) {
            int end = text.indexOf('`', pos);
            if (end < 0) {
                throw error("literal not terminated");
            }
            String raw = text.substring(pos, end);
            pos = end + 1;
            return raw;
        }
        if (!accept("\"")) {
            throw unexpected("STRING");
        }
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\' -> out.append(e);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append((char) 7);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append((char) 11);
                case 'x' -> out.append((char) hex(2));
                case 'u' -> out.append((char) hex(4));
                case 'U' -> out.appendCodePoint(hex(8));
                default -> throw error("invalid syntax: unknown escape sequence \\" + e + " in a string");
            }
        }
        throw error("literal not terminated");
    }

    /** Compiles a regex that started at {@code column}, reporting a bad one as Loki does. */
    public static Pattern regex(String regex, int column) throws ParseException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ParseException("parse error at line 1, col " + column + ": error parsing regexp: "
                    + e.getDescription() + ": `" + e.getPattern() + "`");
        }
    }

    public ParseException unexpected(String expecting) {
        String found = atEnd() ? "end of query" : "'" + text.charAt(pos) + "'";
        return error("syntax error: unexpected " + found + ", expecting " + expecting);
    }

    public ParseException error(String message) {
        return new ParseException("parse error at line 1, col " + column() + ": " + message);
    }

    private int hex(int digits) throws ParseException {
        if (pos + digits > text.length()) {
            throw error("invalid syntax: short escape sequence in a string");
        }
        try {
            int value = Integer.parseInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            return value;
        } catch (NumberFormatException e) {
            throw error("invalid syntax: bad escape sequence in a string");
        }
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
