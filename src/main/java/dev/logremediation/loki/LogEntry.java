package dev.logremediation.loki;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One log line as Loki returned it. Equality is the line's identity in Loki: (stream labels, timestamp, line),
 * which is what paging and the overlap re-read de-duplicate on.
 *
 * @param timestampNanos nanoseconds since the epoch, as Loki's 19-digit string
 * @param labels         the stream labels, sorted by name
 * @param line           the stored line, unescaped from the JSON answer
 */
public record LogEntry(long timestampNanos, Map<String, String> labels, String line) {

    public LogEntry {
        // entries of one stream share one sorted map; only foreign maps are copied
        labels = labels instanceof SortedMap<String, String> ? labels : Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }
}
