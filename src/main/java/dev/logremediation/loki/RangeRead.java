package dev.logremediation.loki;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code [from, to)} page by page, forward, as the Loki spec prescribes: Loki has no cursor, so each next page
 * starts at the last timestamp seen (start is inclusive) and the lines already delivered are dropped by identity.
 */
public final class RangeRead {

    private static final Logger LOG = LoggerFactory.getLogger(RangeRead.class);

    private final long from;
    private final long to;
    private final int maxLimit;
    private final DeliveredLines delivered;
    private final long overlapNanos;
    private long start;
    private int limit;
    private boolean done;
    private long linesRead;

    /**
     * @param overlapNanos how much of this range the next poll reads again, for late lines: with an overlap every
     *                     line's identity is kept; without (a batch over a fixed window) only the lines at each
     *                     page's last timestamp, where the next page starts again
     */
    public RangeRead(long from, long to, int pageLimit, int maxLimit, DeliveredLines delivered, long overlapNanos) {
        this.from = from;
        this.to = to;
        this.start = from;
        this.limit = pageLimit;
        this.maxLimit = maxLimit;
        this.delivered = delivered;
        this.overlapNanos = overlapNanos;
        this.done = to <= from;
    }

    public long from() {
        return from;
    }

    public long to() {
        return to;
    }

    public boolean hasMorePages() {
        return !done;
    }

    public long linesRead() {
        return linesRead;
    }

    /** The query string of the next page's request. */
    public String httpQuery(String logql) {
        return "query=" + URLEncoder.encode(logql, StandardCharsets.UTF_8)
                + "&start=" + start + "&end=" + to + "&limit=" + limit + "&direction=forward";
    }

    /** The cursor this range was read from, moved to its end: call once every page went through detection. */
    public DeliveredLines readToEnd() {
        delivered.advance(to, to - overlapNanos);
        return delivered;
    }

    /** Takes one page (sorted by time) and returns the entries not delivered before, in time order. */
    public List<LogEntry> accept(List<LogEntry> page) {
        linesRead += page.size();
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
