package dev.logremediation.incident;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.ErrorEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.AggregationRepository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Groups a page's errors into batches, one per incident: per watch and key, cut where the log-time gap after an
 * error ends its episode (the quiet period once the episode fired, at least the window before: see
 * {@link Incident#openAfterLastError}). Each batch names its incident in {@link Batch#incidentKey()}, the
 * aggregation's correlation key, so successive incidents of one service never share a group: that keeps a batch over
 * past logs finding the incidents a live run found, without racing the completion of the previous incident.
 */
public final class ErrorBatches {

    /** One incident's errors from one page. */
    public record Batch(String incidentKey, List<ErrorEvent> errors) {
    }

    /**
     * Per watch and key: the incident that errors join, its last error's log time, and its own count toward the
     * threshold (the same rule the incident applies), which decides how long a gap ends it.
     */
    private record Episode(long openedNanos, long lastNanos, ThresholdWindow threshold) {
    }

    /** Marks a watch and key known to have no open incident in the store, so the store is asked once. */
    private static final Episode NONE = new Episode(0, Long.MIN_VALUE / 2, null);

    private final Map<String, Episode> episodes = new ConcurrentHashMap<>();
    private final AggregationRepository incidents;
    private final CamelContext context;

    /** @param incidents the open incidents, to continue one that a previous run left open */
    public ErrorBatches(AggregationRepository incidents, CamelContext context) {
        this.incidents = incidents;
        this.context = context;
    }

    public List<Batch> of(Watch watch, List<ErrorEvent> errors) {
        List<Batch> batches = new ArrayList<>();
        Map<String, Batch> current = new HashMap<>();
        for (ErrorEvent error : errors) {
            String series = watch.name() + "|" + error.key();
            Episode episode = episodes.computeIfAbsent(series, this::openIncident);
            long ts = error.timestampNanos();
            if (episode == NONE || ts - episode.lastNanos()
                    > Incident.openAfterLastError(watch, episode.threshold().crossed()).toNanos()) {
                episode = new Episode(ts, ts, new ThresholdWindow(watch.threshold(), watch.window()));
            } else {
                episode = new Episode(episode.openedNanos(), Math.max(episode.lastNanos(), ts), episode.threshold());
            }
            episode.threshold().offer(ts);
            episodes.put(series, episode);
            String incidentKey = series + "|" + episode.openedNanos();
            Batch batch = current.get(series);
            if (batch == null || !batch.incidentKey().equals(incidentKey)) {
                batch = new Batch(incidentKey, new ArrayList<>());
                current.put(series, batch);
                batches.add(batch);
            }
            batch.errors().add(error);
        }
        batches.sort(Comparator.comparingLong(batch -> batch.errors().get(0).timestampNanos()));
        return batches;
    }

    /** Forgets what this instance knew of the watch's incidents: another instance polled it meanwhile. */
    public void forget(String watch) {
        episodes.keySet().removeIf(series -> series.startsWith(watch + "|"));
    }

    /** The open incident of this watch and key that the incident store holds (after a restart), or NONE. */
    private Episode openIncident(String series) {
        for (String key : incidents.getKeys()) {
            if (key.startsWith(series + "|")) {
                Exchange stored = incidents.get(context, key);
                Incident incident = stored == null ? null : stored.getIn().getBody(Incident.class);
                if (incident != null) {
                    return new Episode(Long.parseLong(key.substring(series.length() + 1)), incident.lastNanos(),
                            incident.thresholdWindow());
                }
            }
        }
        return NONE;
    }
}
