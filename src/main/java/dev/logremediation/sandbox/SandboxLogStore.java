package dev.logremediation.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The sandbox Loki's storage: per stream a map from timestamp to the lines stored at that nanosecond, in arrival
 * order. Selection merges the streams the way Loki's heap iterator does, so the global limit cuts in the same place.
 */
final class SandboxLogStore {

    /** One stream: its sorted labels, its Prometheus-style key (the sort key of query results) and its lines. */
    static final class Stream {
        final SortedMap<String, String> labels;
        final String key;
        final TreeMap<Long, List<String>> linesByTimestamp = new TreeMap<>();
        long newestTimestamp = Long.MIN_VALUE;

        Stream(SortedMap<String, String> labels, String key) {
            this.labels = Collections.unmodifiableSortedMap(labels);
            this.key = key;
        }
    }

    /** One selected line, in selection order. */
    record Hit(Stream stream, long timestampNanos, String line) {
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Stream> streamsByKey = new HashMap<>();
    private long size;

    /** @return false when the exact (labels, timestamp, line) is already stored: Loki drops such repeats at ingest */
    boolean add(SortedMap<String, String> labels, long timestampNanos, String line) {
        String key = streamKey(labels);
        lock.writeLock().lock();
        try {
            Stream stream = streamsByKey.computeIfAbsent(key, k -> new Stream(new TreeMap<>(labels), k));
            List<String> lines = stream.linesByTimestamp.get(timestampNanos);
            if (lines == null) {
                stream.linesByTimestamp.put(timestampNanos, List.of(line)); // most nanoseconds hold one line
            } else if (lines.contains(line)) {
                return false;
            } else if (lines instanceof ArrayList<String> growable) {
                growable.add(line);
            } else {
                List<String> growable = new ArrayList<>(lines);
                growable.add(line);
                stream.linesByTimestamp.put(timestampNanos, growable);
            }
            stream.newestTimestamp = Math.max(stream.newestTimestamp, timestampNanos);
            size++;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The newest timestamp of the stream with these labels, or {@link Long#MIN_VALUE} when it has none. */
    long newestTimestamp(SortedMap<String, String> labels) {
        lock.readLock().lock();
        try {
            Stream stream = streamsByKey.get(streamKey(labels));
            return stream == null ? Long.MIN_VALUE : stream.newestTimestamp;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The first {@code limit} lines of all matching streams within [start, end), in Loki's merge order: by time in the
     * given direction, ties across streams by stream key ascending, ties inside a stream in arrival order (reversed
     * when going backward, as Loki reads a chunk backward).
     */
    List<Hit> select(LogQuery query, long startInclusive, long endExclusive, int limit, boolean forward) {
        lock.readLock().lock();
        try {
            Comparator<StreamCursor> order = Comparator.comparingLong((StreamCursor c) -> c.timestamp);
            if (!forward) {
                order = order.reversed();
            }
            PriorityQueue<StreamCursor> heads = new PriorityQueue<>(order.thenComparing(c -> c.stream.key));
            for (Stream stream : streamsByKey.values()) {
                if (query.matchesStream(stream.labels)) {
                    StreamCursor cursor = new StreamCursor(stream, query, startInclusive, endExclusive, forward);
                    if (cursor.advance()) {
                        heads.add(cursor);
                    }
                }
            }
            List<Hit> hits = new ArrayList<>(Math.min(limit, 1024));
            while (hits.size() < limit && !heads.isEmpty()) {
                StreamCursor head = heads.poll();
                hits.add(new Hit(head.stream, head.timestamp, head.line));
                if (head.advance()) {
                    heads.add(head);
                }
            }
            return hits;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The label names, or with {@code name} the values of that label, of the streams that have a line within
     * [start, end) and match {@code selector} (null: every stream); sorted, as Loki answers its label API.
     */
    SortedSet<String> labels(String name, LogQuery selector, long startInclusive, long endExclusive) {
        SortedSet<String> found = new TreeSet<>();
        lock.readLock().lock();
        try {
            for (Stream stream : streamsByKey.values()) {
                if (startInclusive >= endExclusive
                        || stream.linesByTimestamp.subMap(startInclusive, endExclusive).isEmpty()
                        || selector != null && !selector.matchesStream(stream.labels)) {
                    continue;
                }
                if (name == null) {
                    found.addAll(stream.labels.keySet());
                } else if (stream.labels.containsKey(name)) {
                    found.add(stream.labels.get(name));
                }
            }
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    int size() {
        lock.readLock().lock();
        try {
            return (int) size;
        } finally {
            lock.readLock().unlock();
        }
    }

    void clear() {
        lock.writeLock().lock();
        try {
            streamsByKey.clear();
            size = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Prometheus' text form of a label set, {@code {a="x", b="y"}}: Loki sorts query results by it. */
    static String streamKey(SortedMap<String, String> labels) {
        StringBuilder key = new StringBuilder("{");
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (key.length() > 1) {
                key.append(", ");
            }
            key.append(label.getKey()).append('=');
            GoJson.appendString(key, label.getValue());
        }
        return key.append('}').toString();
    }

    /** Walks one stream's lines inside the range, in the query's direction, skipping lines the filters reject. */
    private static final class StreamCursor {
        final Stream stream;
        private final LogQuery query;
        private final boolean forward;
        private final Iterator<Map.Entry<Long, List<String>>> timestamps;
        private List<String> linesAtTimestamp = List.of();
        private int nextIndex;
        long timestamp;
        String line;

        StreamCursor(Stream stream, LogQuery query, long startInclusive, long endExclusive, boolean forward) {
            this.stream = stream;
            this.query = query;
            this.forward = forward;
            NavigableMap<Long, List<String>> range = startInclusive < endExclusive
                    ? stream.linesByTimestamp.subMap(startInclusive, true, endExclusive, false)
                    : Collections.emptyNavigableMap();
            this.timestamps = (forward ? range : range.descendingMap()).entrySet().iterator();
        }

        boolean advance() {
            while (true) {
                while (nextIndex < linesAtTimestamp.size()) {
                    int i = nextIndex++;
                    String candidate = linesAtTimestamp.get(forward ? i : linesAtTimestamp.size() - 1 - i);
                    if (query.matchesLine(candidate)) {
                        line = candidate;
                        return true;
                    }
                }
                if (!timestamps.hasNext()) {
                    return false;
                }
                Map.Entry<Long, List<String>> next = timestamps.next();
                timestamp = next.getKey();
                linesAtTimestamp = next.getValue();
                nextIndex = 0;
            }
        }
    }
}
