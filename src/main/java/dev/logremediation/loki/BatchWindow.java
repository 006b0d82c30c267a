package dev.logremediation.loki;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log window of a batch run ({@code once}, {@code replay}): polls read it chunk by chunk instead of following
 * now, and the run ends when every watch has read up to {@code toNanos}.
 *
 * @see LokiPoller#begin
 */
public final class BatchWindow {

    private final Long fromNanos;
    private final long toNanos;
    private final Map<String, Long> positions = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final AtomicLong linesRead = new AtomicLong();

    /**
     * @param fromNanos where to start, or null to continue from each watch's saved cursor
     * @param toNanos   where to stop (exclusive)
     */
    public BatchWindow(Long fromNanos, long toNanos) {
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
    }

    /** True when the window has a start of its own, so the saved cursors are neither used nor moved. */
    public boolean isFixedRange() {
        return fromNanos != null;
    }

    public long fromNanos() {
        return fromNanos;
    }

    public long toNanos() {
        return toNanos;
    }

    synchronized void readUpTo(String watch, long nanos, long lines) {
        positions.put(watch, nanos);
        linesRead.addAndGet(lines);
        if (nanos >= toNanos && finished.add(watch)) {
            notifyAll();
        }
    }

    public boolean isRead(String watch) {
        return finished.contains(watch);
    }

    /** Waits until {@code watches} watches have read the whole window; false on timeout. */
    public synchronized boolean awaitRead(int watches, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (finished.size() < watches) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The position of the watch that is furthest behind, for progress reports; 0 before any has read. */
    public long slowestPositionNanos() {
        return positions.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    public long linesRead() {
        return linesRead.get();
    }
}
