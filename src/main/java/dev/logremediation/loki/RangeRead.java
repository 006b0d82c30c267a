package dev.logremediation.loki;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads {@code [from, to)} with one or more queries (a {@link ReadPlan}), each page by page, forward, as the Loki spec
 * prescribes: Loki has no cursor, so each next page of a query starts at the last timestamp it returned (start is
 * inclusive) and the lines already delivered are dropped by identity. The queries' answers are merged into one
 * stream in time order: a line is handed on once no query can still return an earlier one.
 */
public final class RangeRead {

    private static final Logger LOG = LoggerFactory.getLogger(RangeRead.class);
    private static final Comparator<LogEntry> BY_TIME = Comparator.comparingLong(LogEntry::timestampNanos);

    private final long from;
    private final long to;
    private final long nextHorizon;
    private final DeliveredLines delivered;
    private final long overlapNanos;
    private final List<PagedQuery> queries = new ArrayList<>();
    /** Lines read and new, not yet handed on: a query still reading may return earlier ones. */
    private final List<LogEntry> held = new ArrayList<>();
    private PagedQuery asked;
    private long linesRead;
    private long bytesRead;
    private long linesDelivered;

    /**
     * @param overlapNanos how much before its end a later poll may read this range again, for late lines: with an
     *                     overlap every line's identity is kept; without (a batch over a fixed window) only the lines
     *                     at each page's last timestamp, where the next page starts again
     * @param nextHorizon  the delivered lines older than this are forgotten once the range is read: no later read
     *                     starts before it
     */
    public RangeRead(List<String> logql, long from, long to, int pageLimit, int maxLimit, DeliveredLines delivered,
                     long overlapNanos, long nextHorizon) {
        this.from = from;
        this.to = to;
        this.delivered = delivered;
        this.overlapNanos = overlapNanos;
        this.nextHorizon = nextHorizon;
        for (String query : logql) {
            queries.add(new PagedQuery(query, pageLimit, maxLimit));
        }
    }

    /** One query over the range, forgetting at its end what a later read cannot return again. */
    public RangeRead(String logql, long from, long to, int pageLimit, int maxLimit, DeliveredLines delivered,
                     long overlapNanos) {
        this(List.of(logql), from, to, pageLimit, maxLimit, delivered, overlapNanos, to - overlapNanos);
    }

    public long from() {
        return from;
    }

    public long to() {
        return to;
    }

    public boolean hasMorePages() {
        return queries.stream().anyMatch(query -> !query.done);
    }

    public int queryCount() {
        return queries.size();
    }

    /** Lines Loki sent, repeats included. */
    public long linesRead() {
        return linesRead;
    }

    /** Bytes of Loki's answers. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Lines handed on: not delivered before. */
    public long linesDelivered() {
        return linesDelivered;
    }

    /** The query string of the next page's request: of the query that has read the least far. */
    public String nextHttpQuery() {
        asked = queries.stream().filter(query -> !query.done).min(Comparator.comparingLong(query -> query.start))
                .orElseThrow(() -> new IllegalStateException("every page of the range was read"));
        return "query=" + URLEncoder.encode(asked.logql, StandardCharsets.UTF_8)
                + "&start=" + asked.start + "&end=" + to + "&limit=" + asked.limit + "&direction=forward";
    }

    /** The cursor this range was read from, moved to its end: call once every page went through detection. */
    public DeliveredLines readToEnd() {
        delivered.advance(to, nextHorizon);
        return delivered;
    }

    /**
     * Takes the page (sorted by time) answering the last {@link #nextHttpQuery()} and returns, in time order, the new
     * lines that no query can precede any more.
     */
    public List<LogEntry> accept(List<LogEntry> page, long bytes) {
        linesRead += page.size();
        bytesRead += bytes;
        List<LogEntry> fresh = asked.accept(page);
        List<LogEntry> ready;
        if (queries.size() == 1) {
            ready = fresh;
        } else {
            held.addAll(fresh);
            held.sort(BY_TIME); // stable, and cheap on the runs of sorted lines it gets
            long bound = queries.stream().filter(query -> !query.done).mapToLong(query -> query.start).min()
                    .orElse(Long.MAX_VALUE);
            int count = 0;
            while (count < held.size() && held.get(count).timestampNanos() <= bound) {
                count++;
            }
            List<LogEntry> head = held.subList(0, count);
            ready = new ArrayList<>(head);
            head.clear();
        }
        linesDelivered += ready.size();
        return ready;
    }

    /** One query's paging state. */
    private final class PagedQuery {
        final String logql;
        final int maxLimit;
        long start = from;
        int limit;
        boolean done = to <= from;

        PagedQuery(String logql, int limit, int maxLimit) {
            this.logql = logql;
            this.limit = limit;
            this.maxLimit = maxLimit;
        }

        List<LogEntry> accept(List<LogEntry> page) {
            List<LogEntry> fresh = new ArrayList<>(page.size());
            long pageEnd = page.isEmpty() ? Long.MIN_VALUE : page.get(page.size() - 1).timestampNanos();
            for (LogEntry entry : page) {
                long ts = entry.timestampNanos();
                if (overlapNanos == 0 && ts != pageEnd && !delivered.mayHaveDelivered(ts)) {
                    fresh.add(entry); // new for sure, and no later read returns it: no need to hash it
                } else if (delivered.markDelivered(entry)) {
                    fresh.add(entry);
                }
            }
            if (page.size() < limit) {
                done = true;
                return fresh;
            }
            long first = page.get(0).timestampNanos();
            long last = page.get(page.size() - 1).timestampNanos();
            if (first == last && last == start && fresh.isEmpty()) {
                // a whole page inside one nanosecond and nothing new: only a bigger page can get past it
                if (limit < maxLimit) {
                    limit = Math.min(maxLimit, limit * 2);
                } else {
                    LOG.warn("More than {} lines share the nanosecond {}: skipping past it; raise Loki's "
                            + "max_entries_limit_per_query and loki.max-page-limit to read them all", maxLimit, last);
                    start = last + 1;
                }
            } else {
                start = last;
            }
            if (start >= to) {
                done = true;
            }
            return fresh;
        }
    }
}
