package dev.logremediation.loki;

import java.util.ArrayList;
import java.util.List;

/**
 * The queries a watch reads Loki with. Pushed down, they are one query per level label for the streams whose label
 * says error, and one for the other streams with a line filter of literal alternatives: disjoint by their label
 * matchers, and together holding every line the detector calls an error. Otherwise, the watch's own query, with why.
 *
 * @param queries        each read over the same range; their answers are merged by time
 * @param fullReadReason null when pushed down; else why every line is read
 */
public record ReadPlan(List<String> queries, String fullReadReason) {

    public ReadPlan {
        queries = List.copyOf(queries);
    }

    public static ReadPlan fullRead(String query, String reason) {
        return new ReadPlan(List.of(query), reason);
    }

    public boolean pushedDown() {
        return fullReadReason == null;
    }

    /**
     * The pushed-down queries of {@code query}; a full read when its pipeline holds more than line filters (a parser
     * or a formatter changes the labels or the line the detector sees, which the added filters could not know).
     */
    public static ReadPlan pushDown(String query, ErrorSignals signals) {
        LogQlText text = new LogQlText(query);
        int selectorEnd;
        try {
            StreamSelector.read(text);
            selectorEnd = text.position() - 1; // the closing brace
            while (!text.atEnd()) {
                if (!LineFilter.startsAt(text)) {
                    return fullRead(query, "its query has pipeline stages other than line filters, and what they make"
                            + " of a line is what the detector sees");
                }
                LineFilter.read(text);
                text.skipSpace();
            }
        } catch (LogQlText.ParseException e) {
            return fullRead(query, "its query does not parse: " + e.getMessage());
        }
        String head = query.substring(0, selectorEnd).stripTrailing();
        String pipeline = query.substring(selectorEnd + 1);
        String separator = head.endsWith("{") || head.endsWith(",") ? "" : ", ";
        String level = quoteString(signals.levelRegex());
        List<String> queries = new ArrayList<>();
        List<String> notErrorLevel = new ArrayList<>();
        for (String label : signals.levelLabels()) {
            List<String> matchers = new ArrayList<>(notErrorLevel);
            matchers.add(label + "=~" + level);
            queries.add(head + separator + String.join(", ", matchers) + "}" + pipeline);
            notErrorLevel.add(label + "!~" + level);
        }
        queries.add(head + separator + String.join(", ", notErrorLevel) + "}" + pipeline
                + " |~ `" + signals.lineRegex() + "`");
        return new ReadPlan(queries, null);
    }

    /** A Go string literal in double quotes. */
    private static String quoteString(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
