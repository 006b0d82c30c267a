package dev.logremediation.loki;

import dev.logremediation.config.Watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Loki holds for a watch over a recent range, read by the survey-loki route: the newest line the watch's query
 * selects, the label names that exist, and the values of the labels its selector names. Enough to see a typo
 * ({@code component="jwt-pizza-servce"}) or a renamed label ({@code source} instead of {@code component}).
 */
public final class Survey {

    private static final int MOST_LISTED = 20;

    private final Watch watch;
    private final Duration lookback;
    private final StreamSelector selector;
    private final String selectorProblem;
    private Long newestLineNanos;
    private boolean newestLineRead;
    private List<String> labelNames = List.of();
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private String failure;

    Survey(Watch watch, Duration lookback) {
        this.watch = watch;
        this.lookback = lookback;
        StreamSelector parsed = null;
        String problem = null;
        try {
            parsed = StreamSelector.parse(watch.query());
        } catch (LogQlText.ParseException e) {
            problem = e.getMessage();
        }
        this.selector = parsed;
        this.selectorProblem = problem;
    }

    public Watch watch() {
        return watch;
    }

    public Duration lookback() {
        return lookback;
    }

    /** The newest line's timestamp, or null when the query selected none in the range (or Loki was not read). */
    public Long newestLineNanos() {
        return newestLineNanos;
    }

    /** True when Loki said which line is the newest, or that there is none. */
    public boolean newestLineRead() {
        return newestLineRead;
    }

    void newestLine(List<LogEntry> answer) {
        newestLineRead = true;
        newestLineNanos = answer.stream().map(LogEntry::timestampNanos).max(Long::compare).orElse(null);
    }

    void labelNames(List<String> names) {
        labelNames = List.copyOf(names);
    }

    void values(String name, List<String> found) {
        values.put(name, List.copyOf(found));
    }

    void failed(String reason) {
        failure = reason;
    }

    /** The selector's label names that exist in Loki, whose values are worth asking for. */
    public List<String> namesToAsk() {
        return selector == null ? List.of() : selector.labelNames().stream().filter(labelNames::contains).toList();
    }

    /** Names the silence: the newest line the query selected, which a later survey finds again; null if unknown. */
    public String episode() {
        if (!newestLineRead) {
            return null;
        }
        return newestLineNanos == null ? "no line" : "after " + newestLineNanos;
    }

    /**
     * One line for people, e.g. {@code component has values: jwt-pizza-service, pizza-factory (none matches
     * component="jwt-pizza-servce"); label names that exist: component, level}.
     */
    public String hint() {
        if (failure != null) {
            return "Loki could not be asked which labels exist: " + failure;
        }
        if (selector == null) {
            return "the query's stream selector cannot be read: " + selectorProblem;
        }
        List<String> parts = new ArrayList<>();
        for (String name : selector.labelNames()) {
            List<String> found = values.get(name);
            if (found == null) {
                parts.add("no stream has a label " + name);
                continue;
            }
            List<StreamSelector.Matcher> onName = selector.matchers().stream().filter(m -> m.name().equals(name))
                    .toList();
            boolean anyMatches = found.stream().anyMatch(value -> onName.stream().allMatch(m -> m.matches(value)));
            parts.add(name + " has values: " + listed(found) + (anyMatches ? "" : " (none matches "
                    + String.join(", ", onName.stream().map(StreamSelector.Matcher::toString).toList()) + ")"));
        }
        parts.add(labelNames.isEmpty() ? "Loki holds no label at all in that time (check loki.org-id, the tenant)"
                : "label names that exist: " + listed(labelNames));
        return String.join("; ", parts);
    }

    private static String listed(List<String> items) {
        if (items.size() <= MOST_LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, MOST_LISTED)) + ", ... (" + items.size() + " in all)";
    }
}
