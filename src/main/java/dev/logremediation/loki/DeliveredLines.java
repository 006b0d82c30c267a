package dev.logremediation.loki;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a watch has read up to, and the identities of the lines it delivered at or after {@link #horizonNanos()}:
 * enough to drop the repeats of a page boundary and of the overlap that each poll re-reads for late lines.
 */
public final class DeliveredLines {

    private long cursorNanos;
    private long horizonNanos;
    private final Set<LineIdentity> identities;
    /** The latest timestamp among the identities: a line after it cannot be a repeat. */
    private long latestNanos = Long.MIN_VALUE;

    public DeliveredLines(long cursorNanos, long horizonNanos, Set<LineIdentity> identities) {
        this.cursorNanos = cursorNanos;
        this.horizonNanos = horizonNanos;
        this.identities = new HashSet<>(identities);
        identities.forEach(id -> latestNanos = Math.max(latestNanos, id.timestampNanos()));
    }

    public static DeliveredLines none() {
        return new DeliveredLines(0, 0, Set.of());
    }

    /** 0 while the watch has never completed a poll. */
    public long cursorNanos() {
        return cursorNanos;
    }

    public long horizonNanos() {
        return horizonNanos;
    }

    public synchronized List<LineIdentity> identities() {
        return List.copyOf(identities);
    }

    /** True the first time an entry is seen; lines older than the horizon are taken as new (nothing to compare). */
    public synchronized boolean markDelivered(LogEntry entry) {
        latestNanos = Math.max(latestNanos, entry.timestampNanos());
        return identities.add(LineIdentity.of(entry));
    }

    /** True when a line of this time may have been delivered already, so its identity must be looked up. */
    public synchronized boolean mayHaveDelivered(long timestampNanos) {
        return timestampNanos <= latestNanos;
    }

    /** The range up to {@code cursor} is read; forget identities that no later read can return again. */
    public synchronized void advance(long cursor, long horizon) {
        cursorNanos = cursor;
        horizonNanos = horizon;
        identities.removeIf(id -> id.timestampNanos() < horizon);
    }
}
