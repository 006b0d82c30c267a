package dev.logremediation.loki;

import dev.logremediation.config.Watch;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

/**
 * The steps of one poll of one watch, called in turn by the poll route: begin a range from the cursor, shape each
 * page's request, read each page, and commit the cursor once every page of the range has been handed on.
 */
public final class LokiPoller {

    private static final Logger LOG = LoggerFactory.getLogger(LokiPoller.class);
    /** Exchange property holding the {@link RangeRead} of the poll in progress. */
    public static final String RANGE = "lokiRange";

    private final LokiSettings settings;
    private final Cursors cursors;
    private final Clock clock;
    private final BatchWindow batch;
    private final PollWatchdog watchdog;
    private final NoDataWatch noData;
    private final ReadPlans plans;

    /**
     * @param batch    null to follow now (live); else the window of a batch run
     * @param watchdog told of every poll and every successful one
     * @param noData   told, in a live run, of every poll, of new lines and of every successful poll
     * @param plans    the queries of each watch
     */
    public LokiPoller(LokiSettings settings, Cursors cursors, Clock clock, BatchWindow batch, PollWatchdog watchdog,
                      NoDataWatch noData, ReadPlans plans) {
        this.settings = settings;
        this.cursors = cursors;
        this.clock = clock;
        this.batch = batch;
        this.watchdog = watchdog;
        this.noData = noData;
        this.plans = plans;
    }

    /**
     * Starts a poll: live, from the cursor up to now minus the lag; in a batch, the next chunk of its window (an empty
     * range once the window is read); at most loki.max-range long.
     *
     * <p>Lines reach Loki late. Reading the overlap behind the cursor again at every poll would read each line
     * overlap / poll interval times; instead a poll reads again only loki.recheck behind its cursor (a client's
     * batching), and, once a stretch of log time of half the overlap has become overlap old, that stretch: from the
     * horizon, where the lines not yet read at that age begin. So every line is read about twice, the second time when
     * no late line can join it any more; a line up to the overlap late is found then. A first poll, a batch chunk and a
     * poll that fell behind read one span from the horizon instead: what is older than the overlap at the time of such
     * a read is final.
     */
    public void begin(Exchange exchange) {
        Watch watch = exchange.getProperty("watch", Watch.class);
        watchdog.polling(watch);
        if (batch == null) {
            noData.polling(watch);
        }
        DeliveredLines delivered = cursors.get(watch.name());
        boolean fixedWindow = batch != null && batch.isFixedRange();
        long overlap = fixedWindow ? 0 : settings.overlap().toNanos();
        long recheck = Math.min(fixedWindow ? 0 : settings.recheck().toNanos(), overlap);
        long now = nanos(clock.instant());
        long end = batch != null ? batch.toNanos() : now - settings.lag().toNanos();
        long cursor = delivered.cursorNanos();
        long horizon;
        if (cursor != 0) {
            horizon = Math.min(delivered.horizonNanos(), cursor);
        } else {
            horizon = fixedWindow ? batch.fromNanos() : end - overlap;
        }
        List<RangeRead.Span> spans;
        long nextHorizon;
        if (batch != null && batch.isRead(watch.name())) {
            spans = List.of(new RangeRead.Span(end, end));
            nextHorizon = horizon;
        } else if (cursor == 0 || batch != null || end - cursor >= overlap) {
            end = Math.max(horizon, Math.min(end, horizon + settings.maxRange().toNanos()));
            spans = List.of(new RangeRead.Span(horizon, end));
            nextHorizon = Math.max(horizon, Math.min(end - recheck, now - overlap));
        } else {
            long start = cursor - recheck;
            end = Math.max(start, Math.min(end, start + settings.maxRange().toNanos()));
            long aged = cursor - overlap;
            if (aged - horizon >= overlap / 2) {
                spans = List.of(new RangeRead.Span(horizon, aged), new RangeRead.Span(start, end));
                nextHorizon = aged;
            } else {
                spans = List.of(new RangeRead.Span(start, end));
                nextHorizon = horizon;
            }
        }
        exchange.setProperty(RANGE, new RangeRead(plans.of(watch).queries(), spans, settings.pageLimit(),
                settings.maxPageLimit(), delivered, overlap, nextHorizon));
    }

    /** Sets the next page's request headers; everything else the exchange carried is dropped before this step. */
    public void request(Exchange exchange) {
        Watch watch = exchange.getProperty("watch", Watch.class);
        RangeRead range = exchange.getProperty(RANGE, RangeRead.class);
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader(Exchange.HTTP_QUERY, range.nextHttpQuery());
        settings.headers().forEach(in::setHeader);
        in.setBody(null);
    }

    /** Reads one page; the body becomes the entries not delivered before, in timestamp order. */
    public List<LogEntry> page(Exchange exchange) {
        RangeRead range = exchange.getProperty(RANGE, RangeRead.class);
        CountingInputStream answer = new CountingInputStream(exchange.getIn().getBody(InputStream.class));
        List<LogEntry> page = QueryRangeAnswer.read(answer);
        List<LogEntry> fresh = range.accept(page, answer.count());
        if (batch == null && !fresh.isEmpty()) {
            noData.sawLines(exchange.getProperty("watch", Watch.class));
        }
        return fresh;
    }

    /** Every page of the range reached detection: move the cursor and save it. */
    public void commit(Exchange exchange) {
        Watch watch = exchange.getProperty("watch", Watch.class);
        RangeRead range = exchange.getProperty(RANGE, RangeRead.class);
        watchdog.succeeded(watch);
        if (batch == null) {
            noData.succeeded(watch);
        }
        if (range.to() <= range.from()) {
            return;
        }
        cursors.save(watch.name(), range.readToEnd());
        if (batch != null) {
            batch.readUpTo(watch.name(), range.to(), range.linesRead());
        }
        LOG.debug("Watch {}: {} queries asked Loki for {} lines ({} bytes; {} of them read again for late lines), {}"
                        + " new lines delivered, up to {}", watch.name(), range.queryCount(), range.linesRead(),
                range.bytesRead(), range.linesReread(), range.linesDelivered(), range.to());
    }

    /** Counts the bytes of an answer as it is parsed from the socket. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        }

        long count() {
            return count;
        }
    }

    static long nanos(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
