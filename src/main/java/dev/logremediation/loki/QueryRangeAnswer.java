package dev.logremediation.loki;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a query_range answer with Jackson's streaming parser (no tree per page): every stream's entries, merged and
 * sorted by timestamp, since Loki orders streams by labels and applies the limit across all of them.
 */
public final class QueryRangeAnswer {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Comparator<LogEntry> BY_TIME = Comparator.comparingLong(LogEntry::timestampNanos);

    private QueryRangeAnswer() {
    }

    /** The entries of one answer, sorted by timestamp (stable, so one stream's order is kept within a nanosecond). */
    public static List<LogEntry> read(InputStream body) {
        if (body == null) {
            throw notAnAnswer("the body is empty");
        }
        List<LogEntry> entries = new ArrayList<>();
        // a reader replaces invalid UTF-8 with U+FFFD, as Loki itself does, instead of failing the whole page
        try (JsonParser parser = JSON.createParser(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw notAnAnswer("the body is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw notAnAnswer("it is not a JSON object");
            }
            String status = null;
            boolean sawResult = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("status".equals(field)) {
                    status = parser.getValueAsString();
                } else if ("data".equals(field) && parser.currentToken() == JsonToken.START_OBJECT) {
                    sawResult = readData(parser, entries);
                } else {
                    parser.skipChildren();
                }
            }
            if (!"success".equals(status) || !sawResult) {
                throw notAnAnswer("it has no status \"success\" with streams in data.result");
            }
        } catch (IOException e) {
            throw notAnAnswer("it is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        entries.sort(BY_TIME);
        return entries;
    }

    private static boolean readData(JsonParser parser, List<LogEntry> entries) throws IOException {
        boolean sawResult = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("resultType".equals(field) && !"streams".equals(parser.getValueAsString())) {
                throw notAnAnswer("its resultType is \"" + parser.getValueAsString()
                        + "\", not streams: the watch query must be a log query, not a metric query");
            } else if ("result".equals(field) && value == JsonToken.START_ARRAY) {
                sawResult = true;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    readStream(parser, entries);
                }
            } else {
                parser.skipChildren();
            }
        }
        return sawResult;
    }

    private static void readStream(JsonParser parser, List<LogEntry> entries) throws IOException {
        TreeMap<String, String> labels = new TreeMap<>();
        List<Long> pendingTimes = null;
        List<String> pendingLines = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("stream".equals(field) && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    labels.put(name, parser.getValueAsString());
                }
            } else if ("values".equals(field) && value == JsonToken.START_ARRAY) {
                // "values" may come before "stream": keep the pairs until the labels are known
                pendingTimes = new ArrayList<>();
                pendingLines = new ArrayList<>();
                while (parser.nextToken() == JsonToken.START_ARRAY) {
                    parser.nextToken();
                    long ts = parseNanos(parser.getValueAsString());
                    parser.nextToken();
                    String line = parser.getValueAsString();
                    // Loki 3 may add a third element (structured metadata, parsed labels): skip it
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                    }
                    pendingTimes.add(ts);
                    pendingLines.add(line == null ? "" : line);
                }
            } else {
                parser.skipChildren();
            }
        }
        if (pendingTimes != null) {
            Map<String, String> shared = Collections.unmodifiableSortedMap(labels);
            for (int i = 0; i < pendingTimes.size(); i++) {
                entries.add(new LogEntry(pendingTimes.get(i), shared, pendingLines.get(i)));
            }
        }
    }

    private static long parseNanos(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException | NullPointerException e) {
            throw notAnAnswer("an entry's timestamp \"" + text + "\" is not a nanosecond string");
        }
    }

    private static LokiAnswerException notAnAnswer(String why) {
        return new LokiAnswerException("Loki's answer is not a query_range result: " + why
                + "; check that loki.url points at Loki (or its gateway), not at another page");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
