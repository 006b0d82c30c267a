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

    /** A survey Loki answered (validate's sample messages build one without asking Loki). */
    public static Survey answered(Watch watch, Duration lookback, List<LogEntry> newestLines, List<String> labelNames,
                                  Map<String, List<String>> values) {
        Survey survey = new Survey(watch, lookback);
        survey.newestLine(newestLines);
        survey.labelNames(labelNames);
        values.forEach(survey::values);
        return survey;
    }

    /** A survey Loki could not answer. */
    public static Survey failed(Watch watch, Duration lookback, String reason) {
        Survey survey = new Survey(watch, lookback);
        survey.failed(reason);
        return survey;
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

    /** Why Loki could not be asked which labels exist, or null. */
    public String failure() {
        return failure;
    }

    /** Why the query's stream selector cannot be read, or null. */
    public String selectorProblem() {
        return selector == null ? selectorProblem : null;
    }

    /**
     * What Loki holds for one label name of the selector.
     *
     * @param name       the label name the selector matches on
     * @param exists     whether any stream has that label
     * @param values     its values (at most {@value #MOST_LISTED}), sorted as Loki gives them
     * @param moreValues how many more values there are
     * @param matches    whether a value satisfies the selector's matchers on that name
     * @param matchers   those matchers, as LogQL, e.g. {@code component="jwt-pizza-servce"}
     */
    public record LabelFinding(String name, boolean exists, List<String> values, int moreValues, boolean matches,
                               List<String> matchers) {
    }

    /** Per label name of the selector, what Loki holds; empty when the selector cannot be read. */
    public List<LabelFinding> findings() {
        if (selector == null) {
            return List.of();
        }
        List<LabelFinding> findings = new ArrayList<>();
        for (String name : selector.labelNames()) {
            List<StreamSelector.Matcher> onName = selector.matchers().stream().filter(m -> m.name().equals(name))
                    .toList();
            List<String> found = values.get(name);
            List<String> matchers = onName.stream().map(StreamSelector.Matcher::toString).toList();
            findings.add(found == null ? new LabelFinding(name, false, List.of(), 0, false, matchers)
                    : new LabelFinding(name, true, found.subList(0, Math.min(MOST_LISTED, found.size())),
                    Math.max(0, found.size() - MOST_LISTED),
                    found.stream().anyMatch(value -> onName.stream().allMatch(m -> m.matches(value))), matchers));
        }
        return findings;
    }

    /** The label names Loki holds in the lookback (at most {@value #MOST_LISTED}). */
    public List<String> labelNames() {
        return labelNames.subList(0, Math.min(MOST_LISTED, labelNames.size()));
    }

    /** How many label names there are beyond {@link #labelNames()}. */
    public int moreLabelNames() {
        return Math.max(0, labelNames.size() - MOST_LISTED);
    }

    /**
     * The same as one line, for validate's warning, e.g. {@code component has values: jwt-pizza-service,
     * pizza-factory (none matches component="jwt-pizza-servce"); label names that exist: component, level}.
     */
    public String hint() {
        if (failure != null) {
            return "Loki could not be asked which labels exist: " + failure;
        }
        if (selector == null) {
            return "the query's stream selector cannot be read: " + selectorProblem;
        }
        List<String> parts = new ArrayList<>();
        for (LabelFinding finding : findings()) {
            parts.add(!finding.exists() ? "no stream has a label " + finding.name()
                    : finding.name() + " has values: " + listed(values.get(finding.name())) + (finding.matches() ? ""
                    : " (none matches " + String.join(", ", finding.matchers()) + ")"));
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
