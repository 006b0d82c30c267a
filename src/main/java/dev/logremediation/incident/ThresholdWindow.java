package dev.logremediation.incident;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * The paging rule: an incident fires when {@code threshold} errors of one key fall within any {@code window} of log
 * time, whatever the quiet period. Before it fires, fewer than threshold errors lie within the window of the newest
 * one, so keeping only those error times is exact for errors offered in log-time order (the poller's order) and
 * costs at most threshold longs. A late error older than the newest by more than the window counts toward nothing.
 */
public final class ThresholdWindow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int threshold;
    private final long windowNanos;
    /** The error times within the window of the newest, ascending; only the first {@code size} are used. */
    private long[] times;
    private int size;
    private boolean crossed;

    public ThresholdWindow(int threshold, Duration window) {
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
        this.times = new long[threshold];
    }

    /** Counts one error's log time; true only for the error that first makes threshold errors fall within the window. */
    public boolean offer(long timestampNanos) {
        if (crossed) {
            return false;
        }
        insert(timestampNanos);
        long newest = times[size - 1];
        int oldestInWindow = 0;
        while (newest - times[oldestInWindow] > windowNanos) {
            oldestInWindow++;
        }
        if (oldestInWindow > 0) {
            System.arraycopy(times, oldestInWindow, times, 0, size - oldestInWindow);
            size -= oldestInWindow;
        }
        if (size >= threshold) {
            crossed = true;
            times = new long[0]; // nothing more to count
            size = 0;
            return true;
        }
        return false;
    }

    private void insert(long timestampNanos) {
        int at = size;
        while (at > 0 && times[at - 1] > timestampNanos) {
            at--;
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        times[at] = timestampNanos;
        size++;
    }

    /** Whether threshold errors have fallen within one window. */
    public boolean crossed() {
        return crossed;
    }

    /** An independent copy, so that two readers of one error sequence can each count it. */
    public ThresholdWindow copy() {
        ThresholdWindow copy = new ThresholdWindow(threshold, Duration.ofNanos(windowNanos));
        copy.times = Arrays.copyOf(times, times.length);
        copy.size = size;
        copy.crossed = crossed;
        return copy;
    }
}
