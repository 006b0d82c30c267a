package dev.logremediation.loki;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One poll's reading: one or more queries (a {@link ReadPlan}) over one or more spans of log time, each query page by
 * page, forward, as the Loki spec prescribes: Loki has no cursor, so each next page of a query starts at the last
 * timestamp it returned (start is inclusive) and the lines already delivered are dropped by identity. The answers are
 * merged into one stream in time order: a line is handed on once no query can still return an earlier one.
 */
public final class RangeRead {

    private static final Logger LOG = LoggerFactory.getLogger(RangeRead.class);
    private static final Comparator<LogEntry> BY_TIME = Comparator.comparingLong(LogEntry::timestampNanos);

    /** A span of log time, {@code [from, to)}. */
    public record Span(long from, long to) {
    }

    private final long from;
    private final long to;
    private final long nextHorizon;
    private final DeliveredLines delivered;
    private final long overlapNanos;
    private final List<PagedQuery> queries = new ArrayList<>();
    /** Lines read and new, not yet handed on: a query still reading may return earlier ones. */
    private final List<LogEntry> held = new ArrayList<>();
    private PagedQuery asked;
    private final long cursorBefore;
    private long linesRead;
    private long linesReread;
    private long bytesRead;
    private long linesDelivered;

    /**
     * @param spans        sorted and disjoint; the last one ends where the cursor moves to
     * @param overlapNanos 0 when no later read returns a line of these spans again (a batch over a fixed window): then
     *                     only the identities of the lines at each page's last timestamp are kept, where the next page
     *                     starts again; else every line's
     * @param nextHorizon  the delivered lines older than this are forgotten once the spans are read: no later read
     *                     starts before it
     */
    public RangeRead(List<String> logql, List<Span> spans, int pageLimit, int maxLimit, DeliveredLines delivered,
                     long overlapNanos, long nextHorizon) {
        this.from = spans.get(0).from();
        this.to = spans.get(spans.size() - 1).to();
        this.delivered = delivered;
        this.overlapNanos = overlapNanos;
        this.nextHorizon = nextHorizon;
        this.cursorBefore = delivered.cursorNanos();
        for (Span span : spans) {
            for (String query : logql) {
                queries.add(new PagedQuery(query, span, pageLimit, maxLimit));
            }
        }
    }

    /** One query over one span, forgetting at its end what a later read cannot return again. */
    public RangeRead(String logql, long from, long to, int pageLimit, int maxLimit, DeliveredLines delivered,
                     long overlapNanos) {
        this(List.of(logql), List.of(new Span(from, to)), pageLimit, maxLimit, delivered, overlapNanos,
                to - overlapNanos);
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

    /** Lines Loki sent from before the cursor this poll started at: read again, for late lines. */
    public long linesReread() {
        return linesReread;
    }

    /** The query string of the next page's request: of the query that has read the least far. */
    public String nextHttpQuery() {
        asked = queries.stream().filter(query -> !query.done).min(Comparator.comparingLong(query -> query.start))
                .orElseThrow(() -> new IllegalStateException("every page of the range was read"));
        return "query=" + URLEncoder.encode(asked.logql, StandardCharsets.UTF_8)
                + "&start=" + asked.start + "&end=" + asked.span.to() + "&limit=" + asked.limit + "&direction=forward";
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
        for (LogEntry entry : page) {
            if (entry.timestampNanos() < cursorBefore) {
                linesReread++;
            }
        }
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
        final Span span;
        final int maxLimit;
        long start;
        int limit;
        boolean done;

        PagedQuery(String logql, Span span, int limit, int maxLimit) {
            this.logql = logql;
            this.span = span;
            this.start = span.from();
            this.done = span.to() <= span.from();
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
            if (start >= span.to()) {
                done = true;
            }
            return fresh;
        }
    }
}
