package dev.logremediation.loki;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The stream selector of a LogQL query, {@code {a="b", c=~"re", d!="x", e!~"re"}}: which label sets the query reads.
 * Whatever follows the selector (line filters, parsers) does not change which streams are read and is not looked at.
 */
public record StreamSelector(List<Matcher> matchers) {

    public enum Operator {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isRegex() {
            return this == REGEX || this == NOT_REGEX;
        }
    }

    /** One label matcher; a regex matches the whole value, as in Prometheus. */
    public record Matcher(String name, Operator operator, String value, Pattern pattern) {

        public boolean matches(String labelValue) {
            return switch (operator) {
                case EQUAL -> labelValue.equals(value);
                case NOT_EQUAL -> !labelValue.equals(value);
                case REGEX -> pattern.matcher(labelValue).matches();
                case NOT_REGEX -> !pattern.matcher(labelValue).matches();
            };
        }

        /** As written in LogQL, e.g. {@code component="jwt-pizza-service"}. */
        @Override
        public String toString() {
            return name + operator.symbol() + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    public StreamSelector {
        matchers = List.copyOf(matchers);
    }

    /** The selector at the start of {@code query}. */
    public static StreamSelector parse(String query) throws LogQlText.ParseException {
        return read(new LogQlText(query));
    }

    /** Reads a selector where {@code text} stands, leaving it just after the closing brace. */
    public static StreamSelector read(LogQlText text) throws LogQlText.ParseException {
        text.skipSpace();
        text.expect('{', "{");
        List<Matcher> matchers = new ArrayList<>();
        text.skipSpace();
        if (!text.peek('}')) {
            do {
                text.skipSpace();
                matchers.add(readMatcher(text));
                text.skipSpace();
            } while (text.accept(","));
        }
        text.expect('}', ", or }");
        return new StreamSelector(matchers);
    }

    private static Matcher readMatcher(LogQlText text) throws LogQlText.ParseException {
        String name = text.name();
        text.skipSpace();
        Operator operator;
        if (text.accept("=~")) {
            operator = Operator.REGEX;
        } else if (text.accept("!~")) {
            operator = Operator.NOT_REGEX;
        } else if (text.accept("!=")) {
            operator = Operator.NOT_EQUAL;
        } else if (text.accept("=")) {
            operator = Operator.EQUAL;
        } else {
            throw text.unexpected("=, !=, =~ or !~");
        }
        text.skipSpace();
        int valueColumn = text.column();
        String value = text.string();
        return new Matcher(name, operator, value, operator.isRegex() ? LogQlText.regex(value, valueColumn) : null);
    }

    /** A label the stream does not have counts as the empty value, as in Loki. */
    public boolean matches(Map<String, String> labels) {
        for (Matcher matcher : matchers) {
            if (!matcher.matches(labels.getOrDefault(matcher.name(), ""))) {
                return false;
            }
        }
        return true;
    }

    /** The label names the selector looks at, in the order written. */
    public List<String> labelNames() {
        return List.copyOf(new LinkedHashSet<>(matchers.stream().map(Matcher::name).toList()));
    }
}
