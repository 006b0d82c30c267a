package dev.logremediation.loki;

import dev.logremediation.config.Watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices when a watch has not completed a poll for {@code blindAfter} (Loki down, refusing, answering garbage):
 * monitoring is blind and on-call must know, once; and again, once, when polls succeed again.
 */
public final class PollWatchdog {

    /** A watch went blind, or could see again. */
    public record Change(Watch watch, boolean blind, Instant lastSuccess, Instant at) {
    }

    private static final class State {
        volatile Watch watch;
        volatile Instant lastSuccess;
        volatile Instant blindSince;
    }

    private final Duration blindAfter;
    private final Clock clock;
    private final Map<String, State> watches = new ConcurrentHashMap<>();

    public PollWatchdog(Duration blindAfter, Clock clock) {
        this.blindAfter = blindAfter;
        this.clock = clock;
    }

    /** A poll began: the watch is known from now on; one that never succeeds counts from its first poll. */
    void polling(Watch watch) {
        State state = watches.computeIfAbsent(watch.name(), name -> {
            State fresh = new State();
            fresh.lastSuccess = clock.instant();
            return fresh;
        });
        state.watch = watch;
    }

    /** Every page of a poll was read and handed on. */
    void succeeded(Watch watch) {
        polling(watch);
        watches.get(watch.name()).lastSuccess = clock.instant();
    }

    /** The watches that went blind or could see again since the last check. */
    public List<Change> check() {
        Instant now = clock.instant();
        List<Change> changes = new ArrayList<>();
        for (State state : watches.values()) {
            boolean silent = state.lastSuccess.plus(blindAfter).isBefore(now);
            if (silent && state.blindSince == null) {
                state.blindSince = now;
                changes.add(new Change(state.watch, true, state.lastSuccess, now));
            } else if (!silent && state.blindSince != null) {
                state.blindSince = null;
                changes.add(new Change(state.watch, false, state.lastSuccess, now));
            }
        }
        return changes;
    }
}
