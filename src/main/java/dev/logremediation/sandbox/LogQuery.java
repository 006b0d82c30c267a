package dev.logremediation.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The LogQL a poller needs: a stream selector {@code {a="b", c=~"re", d!="x", e!~"re"}} followed by line filters
 * {@code |= "x"}, {@code != "x"}, {@code |~ "re"}, {@code !~ "re"}. Strings are Go strings in double quotes or
 * backticks. Anything else is rejected with Loki's {@code parse error ...} wording.
 */
record LogQuery(List<Matcher> matchers, List<Matcher> lineFilters) {

    static final String EMPTY_COMPATIBLE_SELECTOR = "queries require at least one regexp or equality matcher that does"
            + " not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but"
            + " app=~\".+\" will";

    enum Operator {
        EQUAL, NOT_EQUAL, REGEX, NOT_REGEX
    }

    /**
     * A label matcher ({@code name} set) or a line filter ({@code name} null). Label regexes match the whole value,
     * as in Prometheus; line filters look for the text or regex anywhere in the line.
     */
    record Matcher(String name, Operator operator, String value, Pattern pattern) {

        boolean matchesLabel(String labelValue) {
            return switch (operator) {
                case EQUAL -> labelValue.equals(value);
                case NOT_EQUAL -> !labelValue.equals(value);
                case REGEX -> pattern.matcher(labelValue).matches();
                case NOT_REGEX -> !pattern.matcher(labelValue).matches();
            };
        }

        boolean matchesLine(String line) {
            return switch (operator) {
                case EQUAL -> line.contains(value);
                case NOT_EQUAL -> !line.contains(value);
                case REGEX -> pattern.matcher(line).find();
                case NOT_REGEX -> !pattern.matcher(line).find();
            };
        }
    }

    static final class ParseException extends Exception {
        ParseException(String message) {
            super(message);
        }
    }

    /** A missing label counts as the empty value, as in Loki. */
    boolean matchesStream(Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matchesLabel(labels.getOrDefault(m.name(), ""))) {
                return false;
            }
        }
        return true;
    }

    boolean matchesLine(String line) {
        for (Matcher f : lineFilters) {
            if (!f.matchesLine(line)) {
                return false;
            }
        }
        return true;
    }

    static LogQuery parse(String query) throws ParseException {
        return new Parser(query).parseQuery();
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        LogQuery parseQuery() throws ParseException {
            skipSpace();
            expect('{', "{");
            List<Matcher> matchers = new ArrayList<>();
            skipSpace();
            if (!peek('}')) {
                do {
                    skipSpace();
                    matchers.add(parseLabelMatcher());
                    skipSpace();
                } while (accept(","));
            }
            expect('}', ", or }");
            // Loki's rule: a selector must be able to use its index, i.e. one matcher must reject the empty value
            if (matchers.stream().allMatch(m -> m.matchesLabel(""))) {
                throw new ParseException("parse error : " + EMPTY_COMPATIBLE_SELECTOR);
            }
            List<Matcher> filters = new ArrayList<>();
            skipSpace();
            while (pos < text.length()) {
                filters.add(parseLineFilter());
                skipSpace();
            }
            return new LogQuery(List.copyOf(matchers), List.copyOf(filters));
        }

        private Matcher parseLabelMatcher() throws ParseException {
            int start = pos;
            if (pos < text.length() && isNameStart(text.charAt(pos))) {
                pos++;
                while (pos < text.length() && isNamePart(text.charAt(pos))) {
                    pos++;
                }
            }
            if (pos == start) {
                throw unexpected("IDENTIFIER");
            }
            String name = text.substring(start, pos);
            skipSpace();
            Operator operator;
            if (accept("=~")) {
                operator = Operator.REGEX;
            } else if (accept("!~")) {
                operator = Operator.NOT_REGEX;
            } else if (accept("!=")) {
                operator = Operator.NOT_EQUAL;
            } else if (accept("=")) {
                operator = Operator.EQUAL;
            } else {
                throw unexpected("=, !=, =~ or !~");
            }
            skipSpace();
            int valueColumn = pos + 1;
            String value = parseString();
            Pattern pattern = isRegex(operator) ? compile(value, valueColumn) : null;
            return new Matcher(name, operator, value, pattern);
        }

        private Matcher parseLineFilter() throws ParseException {
            Operator operator;
            if (accept("|=")) {
                operator = Operator.EQUAL;
            } else if (accept("!=")) {
                operator = Operator.NOT_EQUAL;
            } else if (accept("|~")) {
                operator = Operator.REGEX;
            } else if (accept("!~")) {
                operator = Operator.NOT_REGEX;
            } else if (peek('|')) {
                throw error("the sandbox Loki supports only line filters (|=, !=, |~, !~) after the selector, not parsers"
                        + " or other pipeline stages");
            } else {
                throw unexpected("a line filter (|=, !=, |~, !~)");
            }
            skipSpace();
            int valueColumn = pos + 1;
            String value = parseString();
            Pattern pattern = isRegex(operator) ? compile(value, valueColumn) : null;
            return new Matcher(null, operator, value, pattern);
        }

        /** A Go string literal: double quotes with escapes, or backticks taken raw. */
        private String parseString() throws ParseException {
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

        private Pattern compile(String regex, int column) throws ParseException {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new ParseException("parse error at line 1, col " + column + ": error parsing regexp: "
                        + e.getDescription() + ": `" + e.getPattern() + "`");
            }
        }

        private static boolean isRegex(Operator operator) {
            return operator == Operator.REGEX || operator == Operator.NOT_REGEX;
        }

        private static boolean isNameStart(char c) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isNamePart(char c) {
            return isNameStart(c) || (c >= '0' && c <= '9');
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private boolean accept(String token) {
            if (text.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private void expect(char c, String expecting) throws ParseException {
            if (!peek(c)) {
                throw unexpected(expecting);
            }
            pos++;
        }

        private ParseException unexpected(String expecting) {
            String found = pos >= text.length() ? "end of query" : "'" + text.charAt(pos) + "'";
            return error("syntax error: unexpected " + found + ", expecting " + expecting);
        }

        private ParseException error(String message) {
            return new ParseException("parse error at line 1, col " + (pos + 1) + ": " + message);
        }
    }
}
