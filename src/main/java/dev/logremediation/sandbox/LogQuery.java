package dev.logremediation.sandbox;

import dev.logremediation.loki.LineFilter;
import dev.logremediation.loki.LogQlText;
import dev.logremediation.loki.StreamSelector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The LogQL a poller needs: a stream selector {@code {a="b", c=~"re", d!="x", e!~"re"}} (read by the product's own
 * {@link StreamSelector}) followed by line filters {@code |= "x"}, {@code != "x"}, {@code |~ "re"}, {@code !~ "re"}.
 * Anything else is rejected with Loki's {@code parse error ...} wording.
 */
record LogQuery(StreamSelector selector, List<LineFilter> lineFilters) {

    static final String EMPTY_COMPATIBLE_SELECTOR = "queries require at least one regexp or equality matcher that does"
            + " not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but"
            + " app=~\".+\" will";

    boolean matchesStream(Map<String, String> labels) {
        return selector.matches(labels);
    }

    boolean matchesLine(String line) {
        for (LineFilter filter : lineFilters) {
            if (!filter.matches(line)) {
                return false;
            }
        }
        return true;
    }

    static LogQuery parse(String query) throws LogQlText.ParseException {
        LogQlText text = new LogQlText(query);
        StreamSelector selector = StreamSelector.read(text);
        // Loki's rule: a selector must be able to use its index, i.e. one matcher must reject the empty value
        if (selector.matchers().stream().allMatch(m -> m.matches(""))) {
            throw new LogQlText.ParseException("parse error : " + EMPTY_COMPATIBLE_SELECTOR);
        }
        List<LineFilter> filters = new ArrayList<>();
        text.skipSpace();
        while (!text.atEnd()) {
            if (!LineFilter.startsAt(text) && text.peek('|')) {
                throw text.error("the sandbox Loki supports only line filters (|=, !=, |~, !~) after the selector, not"
                        + " parsers or other pipeline stages");
            }
            filters.add(LineFilter.read(text));
            text.skipSpace();
        }
        return new LogQuery(selector, List.copyOf(filters));
    }
}
