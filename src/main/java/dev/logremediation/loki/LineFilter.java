package dev.logremediation.loki;

import java.util.regex.Pattern;

/**
 * A LogQL line filter, {@code |= "x"}, {@code != "x"}, {@code |~ "re"} or {@code !~ "re"}: looks for the text or the
 * regex anywhere in the line. Line filters in one query are ANDed.
 */
public record LineFilter(StreamSelector.Operator operator, String value, Pattern pattern) {

    public boolean matches(String line) {
        return switch (operator) {
            case EQUAL -> line.contains(value);
            case NOT_EQUAL -> !line.contains(value);
            case REGEX -> pattern.matcher(line).find();
            case NOT_REGEX -> !pattern.matcher(line).find();
        };
    }

    /** True when a line filter starts where {@code text} stands (after spaces). */
    public static boolean startsAt(LogQlText text) {
        text.skipSpace();
        return text.peek("|=") || text.peek("!=") || text.peek("|~") || text.peek("!~");
    }

    /** Reads the line filter where {@code text} stands; anything else is a parse error worded as Loki's. */
    public static LineFilter read(LogQlText text) throws LogQlText.ParseException {
        text.skipSpace();
        StreamSelector.Operator operator;
        if (text.accept("|=")) {
            operator = StreamSelector.Operator.EQUAL;
        } else if (text.accept("!=")) {
            operator = StreamSelector.Operator.NOT_EQUAL;
        } else if (text.accept("|~")) {
            operator = StreamSelector.Operator.REGEX;
        } else if (text.accept("!~")) {
            operator = StreamSelector.Operator.NOT_REGEX;
        } else {
            throw text.unexpected("a line filter (|=, !=, |~, !~)");
        }
        text.skipSpace();
        int valueColumn = text.column();
        String value = text.string();
        return new LineFilter(operator, value, operator.isRegex() ? LogQlText.regex(value, valueColumn) : null);
    }
}
