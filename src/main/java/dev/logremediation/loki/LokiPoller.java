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
     * Starts a range at most loki.max-range long. Live: from the cursor (minus the overlap, re-read for late lines)
     * up to now minus the lag. Batch: the next chunk of the window; an empty range once the window is read.
     */
    public void begin(Exchange exchange) {
        Watch watch = exchange.getProperty("watch", Watch.class);
        watchdog.polling(watch);
        if (batch == null) {
            noData.polling(watch);
        }
        DeliveredLines delivered = cursors.get(watch.name());
        long overlap = batch != null && batch.isFixedRange() ? 0 : settings.overlap().toNanos();
        long end = batch != null ? batch.toNanos() : nanos(clock.instant()) - settings.lag().toNanos();
        long start;
        if (delivered.cursorNanos() != 0) {
            start = delivered.cursorNanos() - overlap;
        } else if (batch != null && batch.isFixedRange()) {
            start = batch.fromNanos();
        } else {
            start = end - settings.overlap().toNanos();
        }
        if (batch != null && batch.isRead(watch.name())) {
            start = end;
        }
        end = Math.max(start, Math.min(end, start + settings.maxRange().toNanos()));
        exchange.setProperty(RANGE, new RangeRead(plans.of(watch).queries(), start, end, settings.pageLimit(),
                settings.maxPageLimit(), delivered, overlap, end - overlap));
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
        LOG.debug("Watch {}: {} queries over {} s asked Loki for {} lines ({} bytes), {} new lines delivered, up to {}",
                watch.name(), range.queryCount(), (range.to() - range.from()) / 1_000_000_000L, range.linesRead(),
                range.bytesRead(), range.linesDelivered(), range.to());
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
