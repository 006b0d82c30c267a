package dev.logremediation.loki;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging as Loki answers it (start inclusive, limit lines, forward): every line is handed on exactly once, whether
 * every line's identity is kept (live polls, which re-read an overlap) or only those at page boundaries (a batch,
 * no overlap).
 */
class RangeReadTest {

    @ParameterizedTest(name = "page limit {0}, overlap {1} ns")
    @CsvSource({"2,60000000000", "2,0", "3,60000000000", "3,0", "7,60000000000", "7,0", "1000,0"})
    void everyLineOnceAcrossPageBoundariesInsideOneNanosecond(int limit, long overlapNanos) {
        List<LogEntry> stored = new ArrayList<>();
        for (int nanos = 0; nanos < 40; nanos++) {
            // up to five lines share a nanosecond, in two streams, some with the same text
            for (int i = 0; i < 1 + nanos % 5; i++) {
                stored.add(new LogEntry(1_000 + nanos, Map.of("component", "svc", "stream", "s" + i % 2), "line " + i));
            }
        }
        RangeRead range = new RangeRead("{component=\"svc\"}", 1_000, 2_000, limit, 64, DeliveredLines.none(),
                overlapNanos);
        List<LogEntry> handedOn = new ArrayList<>();
        int pages = 0;
        while (range.hasMorePages() && pages++ < 1_000) {
            String query = range.nextHttpQuery();
            long start = Long.parseLong(param(query, "start"));
            int pageLimit = Integer.parseInt(param(query, "limit"));
            handedOn.addAll(range.accept(stored.stream().filter(e -> e.timestampNanos() >= start).limit(pageLimit)
                    .toList(), 0));
        }
        assertThat(handedOn).containsExactlyElementsOf(stored);
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + query);
    }
}
