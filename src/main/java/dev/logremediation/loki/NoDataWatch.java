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
 * Notices when a watch's polls succeed but read no new line for the watch's {@code noDataAfter}: its query selects
 * nothing (a typo, a label the logger renamed, a service that stopped logging), so no error could ever alert. On-call
 * is told once, with what Loki holds for the selector, and once when lines come again. Polls that fail are the
 * {@link PollWatchdog}'s business: only successful polls count as "no line".
 *
 * <p>A pushed-down poll reads only the lines that can be errors, so a healthy service reads none: a silent watch is
 * surveyed (the newest line of its whole query) before on-call is told, and again every {@link #PROBE_EVERY} (at most
 * its noDataAfter) while it stays silent, which is how lines coming back are noticed when none of them is an error.
 */
public final class NoDataWatch {

    /** How much further back than noDataAfter a survey looks, for the newest line the query ever selected. */
    static final Duration SURVEY_MARGIN = Duration.ofHours(24);
    /** Loki refuses longer queries by default (max_query_length 721h). */
    static final Duration LONGEST_SURVEY = Duration.ofDays(30);
    /** How often a silent watch is surveyed again for lines that came back. */
    static final Duration PROBE_EVERY = Duration.ofMinutes(1);

    /**
     * A watch fell silent (noData) or reads lines again. From {@link #check()}, noData asks for a survey, which
     * {@link #surveyed} turns into what to tell, if anything.
     *
     * @param lastLineAt when a poll last read a new line (or the first poll, when none did)
     * @param episode    names this silence for the email ledger: the same after a restart, so nothing is sent twice
     * @param survey     what Loki holds for the watch's selector, once surveyed; null for DATA BACK
     */
    public record Change(Watch watch, boolean noData, Instant lastLineAt, Instant at, String episode, Survey survey) {

        /** What to ask Loki: the watch over noDataAfter plus a day, at most 30 days. */
        public LokiSurvey.Request surveyRequest() {
            Duration lookback = watch.noDataAfter().plus(SURVEY_MARGIN);
            return new LokiSurvey.Request(watch, lookback.compareTo(LONGEST_SURVEY) > 0 ? LONGEST_SURVEY : lookback);
        }
    }

    private static final class State {
        volatile Watch watch;
        volatile Instant lastLineAt;
        volatile Instant lastSuccess;
        /** The silence on-call was told of; null while lines come. */
        volatile String episode;
        volatile Instant lastProbe;
    }

    private final Clock clock;
    private final Map<String, State> watches = new ConcurrentHashMap<>();

    public NoDataWatch(Clock clock) {
        this.clock = clock;
    }

    /** A poll began: a watch that never reads a line counts from its first poll. */
    void polling(Watch watch) {
        state(watch);
    }

    /** A poll read lines not read before. */
    void sawLines(Watch watch) {
        state(watch).lastLineAt = clock.instant();
    }

    /** Every page of a poll was read and handed on. */
    void succeeded(Watch watch) {
        state(watch).lastSuccess = clock.instant();
    }

    private State state(Watch watch) {
        State state = watches.computeIfAbsent(watch.name(), name -> {
            State fresh = new State();
            fresh.lastLineAt = clock.instant();
            return fresh;
        });
        state.watch = watch;
        return state;
    }

    /** The watches that look silent (to be surveyed) or read lines again since the last check. */
    public List<Change> check() {
        Instant now = clock.instant();
        List<Change> changes = new ArrayList<>();
        for (State state : watches.values()) {
            Duration after = state.watch.noDataAfter();
            if (after.isZero() || state.lastSuccess == null) {
                continue;
            }
            Instant lastLine = state.lastLineAt;
            boolean silent = !state.lastSuccess.isBefore(lastLine.plus(after));
            Duration probeEvery = after.compareTo(PROBE_EVERY) < 0 ? after : PROBE_EVERY;
            if (silent && (state.episode == null || !now.isBefore(state.lastProbe.plus(probeEvery)))) {
                state.lastProbe = now;
                String episode = state.episode != null ? state.episode : "since " + lastLine.toEpochMilli();
                changes.add(new Change(state.watch, true, lastLine, now, episode, null));
            } else if (!silent && state.episode != null) {
                changes.add(new Change(state.watch, false, lastLine, now, state.episode, null));
                state.episode = null;
            }
        }
        return changes;
    }

    /**
     * What a silent-looking watch's survey means: null when there is nothing to tell (its query selected a line
     * within noDataAfter while none was an error and on-call was not told, or it is still silent and on-call was
     * told); DATA BACK when on-call was told and a line came; else NO DATA, named by the newest line its query
     * selected, which a restart finds again.
     */
    public Change surveyed(Change change, Survey survey) {
        State state = watches.get(change.watch().name());
        Long newest = survey.newestLineNanos();
        Instant now = clock.instant();
        if (newest != null && Instant.ofEpochSecond(0, newest).plus(change.watch().noDataAfter()).isAfter(now)) {
            Instant newestAt = Instant.ofEpochSecond(0, newest);
            if (state.lastLineAt.isBefore(newestAt)) {
                state.lastLineAt = newestAt;
            }
            String told = state.episode;
            state.episode = null;
            return told == null ? null : new Change(change.watch(), false, state.lastLineAt, now, told, null);
        }
        if (state.episode != null) {
            return null;
        }
        state.episode = survey.episode() != null ? survey.episode() : change.episode();
        return new Change(change.watch(), true, change.lastLineAt(), change.at(), state.episode, survey);
    }
}
