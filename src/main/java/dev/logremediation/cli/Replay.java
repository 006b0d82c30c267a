package dev.logremediation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.loki.LogEntry;
import dev.logremediation.loki.LogQlText;
import dev.logremediation.loki.QueryRangeAnswer;
import dev.logremediation.loki.StreamSelector;
import dev.logremediation.sandbox.SandboxLoki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code replay FILE...}: runs saved logs through the pipeline offline, as a dry run, and prints the incidents: a way
 * to try route and threshold changes without Loki. The lines are served by an in-process Loki-compatible server on
 * 127.0.0.1 and read by the same routes as {@code once}.
 */
final class Replay {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MOST_LISTED = 10;

    private Replay() {
    }

    static int run(Path config, List<Path> files, BatchRun.Options reportOptions, PrintStream out, PrintStream err)
            throws Exception {
        List<LogEntry> entries = new ArrayList<>();
        for (Path file : files) {
            entries.addAll(read(file));
        }
        if (entries.isEmpty()) {
            throw new UsageException("replay: no log lines in " + files);
        }
        long first = entries.stream().mapToLong(LogEntry::timestampNanos).min().orElseThrow();
        long last = entries.stream().mapToLong(LogEntry::timestampNanos).max().orElseThrow();
        try (SandboxLoki loki = SandboxLoki.start()) {
            entries.forEach(loki::push);
            out.println("Replaying " + entries.size() + " lines from " + Instant.ofEpochSecond(0, first) + " to "
                    + Instant.ofEpochSecond(0, last));
            BatchRun.Options options = new BatchRun.Options(Instant.ofEpochSecond(0, first),
                    Instant.ofEpochSecond(0, last + 1), true, reportOptions.report(), reportOptions.reportFormat(),
                    reportOptions.failOnIncident());
            int code = BatchRun.run(config, options, Map.of("loki.url", loki.baseUrl(), "loki.user", "",
                    "loki.token", "", "loki.org-id", ""), out, err);
            if (code != ExitCode.LOKI_FAILED) {
                reportUnselected(entries, watchSelectors(loki), out);
            }
            return code;
        }
    }

    /** The selectors of the queries the watches sent, with every placeholder and default resolved. */
    private static List<StreamSelector> watchSelectors(SandboxLoki loki) {
        List<StreamSelector> selectors = new ArrayList<>();
        for (String query : loki.queriesAsked()) {
            try {
                selectors.add(StreamSelector.parse(query));
            } catch (LogQlText.ParseException e) {
                // Loki refused it too, and the run said so
            }
        }
        return selectors;
    }

    /** Lines that no watch's selector matches are never looked at: say how many, and what labels they carry. */
    private static void reportUnselected(List<LogEntry> entries, List<StreamSelector> selectors, PrintStream out) {
        Map<String, Integer> labelSets = new TreeMap<>();
        int unselected = 0;
        for (LogEntry entry : entries) {
            if (selectors.stream().noneMatch(selector -> selector.matches(entry.labels()))) {
                unselected++;
                labelSets.merge(labelSet(entry.labels()), 1, Integer::sum);
            }
        }
        if (unselected == 0) {
            return;
        }
        List<String> listed = labelSets.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(set -> set.getKey() + " (" + set.getValue() + ")").toList();
        out.println(unselected + " of " + entries.size() + " line(s) are selected by no watch's query; their label "
                + "sets: " + String.join(", ", listed.subList(0, Math.min(MOST_LISTED, listed.size())))
                + (listed.size() > MOST_LISTED ? ", ... (" + listed.size() + " in all)" : ""));
    }

    /** As the selector that reads exactly that stream, e.g. {@code {component="x", level="info"}}. */
    private static String labelSet(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream()
                .map(label -> new StreamSelector.Matcher(label.getKey(), StreamSelector.Operator.EQUAL,
                        label.getValue(), null).toString())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** A saved query_range answer (one or several, concatenated), or JSON lines of {ts, labels, line}. */
    static List<LogEntry> read(Path file) {
        List<LogEntry> entries = new ArrayList<>();
        try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            int number = 0;
            while (values.hasNext()) {
                number++;
                JsonNode value = values.next();
                if (value.has("data")) {
                    entries.addAll(QueryRangeAnswer.read(new ByteArrayInputStream(JSON.writeValueAsBytes(value))));
                } else if (value.has("line")) {
                    entries.add(new LogEntry(timestamp(value.path("ts"), file, number), labels(value.path("labels")),
                            value.path("line").asText()));
                } else {
                    throw new UsageException("replay: " + file + " value " + number + " is neither a query_range answer "
                            + "nor a {\"ts\", \"labels\", \"line\"} object");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UsageException usage) {
                throw usage;
            }
            throw new UsageException("replay: cannot read " + file + ": " + LogRemediation.rootMessage(e));
        }
        return entries;
    }

    private static long timestamp(JsonNode ts, Path file, int number) {
        String text = ts.asText();
        if (text.matches("\\d{1,19}")) {
            return Long.parseLong(text);
        }
        try {
            return TimeArgument.nanos(OffsetDateTime.parse(text).toInstant());
        } catch (RuntimeException e) {
            throw new UsageException("replay: " + file + " value " + number + " has ts \"" + text
                    + "\": write nanoseconds since the epoch or RFC3339");
        }
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = labels.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), field.getValue().asText());
        }
        return map;
    }
}
