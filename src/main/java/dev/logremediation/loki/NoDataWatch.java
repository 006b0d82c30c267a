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
 */
public final class NoDataWatch {

    /** How much further back than noDataAfter a survey looks, for the newest line the query ever selected. */
    static final Duration SURVEY_MARGIN = Duration.ofHours(24);
    /** Loki refuses longer queries by default (max_query_length 721h). */
    static final Duration LONGEST_SURVEY = Duration.ofDays(30);

    /**
     * A watch fell silent (noData) or reads lines again.
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
        /** Null while lines come. */
        volatile String episode;
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

    /** The watches that fell silent or read lines again since the last check. */
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
            if (silent && state.episode == null) {
                // replaced by the survey's, which a restart finds again; this one only if the survey fails
                state.episode = "since " + lastLine.toEpochMilli();
                changes.add(new Change(state.watch, true, lastLine, now, state.episode, null));
            } else if (!silent && state.episode != null) {
                changes.add(new Change(state.watch, false, lastLine, now, state.episode, null));
                state.episode = null;
            }
        }
        return changes;
    }

    /** The silence as surveyed: it is named by the newest line its query selected, which a restart finds again. */
    public Change surveyed(Change change, Survey survey) {
        String episode = survey.episode();
        State state = watches.get(change.watch().name());
        if (episode == null) {
            episode = change.episode();
        } else if (state != null && state.episode != null) {
            state.episode = episode;
        }
        return new Change(change.watch(), true, change.lastLineAt(), change.at(), episode, survey);
    }
}
