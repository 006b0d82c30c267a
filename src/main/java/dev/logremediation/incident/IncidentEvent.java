package dev.logremediation.incident;

import dev.logremediation.config.Watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the notify stage is told about an incident at one moment: an immutable copy, safe to render and to store.
 *
 * @param kind          FIRING (threshold crossed), UPDATE (a new resolution link), RESOLVED (quiet period passed),
 *                      or BELOW_THRESHOLD (an episode that ended without crossing the threshold: nobody is emailed)
 * @param watch         the watch it belongs to
 * @param incidentId    stable id, which also names the email thread
 * @param key           the incident key (the service, by default)
 * @param firstNanos    first error, log time
 * @param lastNanos     last error so far, log time
 * @param count         errors so far
 * @param firingNanos   log time of the threshold-crossing error; 0 when it never fired
 * @param signatures    signature counts, most frequent first
 * @param linkLines     each resolution link with the line it came from
 * @param newLinks      for UPDATE: the links not announced before
 * @param samples       a few sample lines
 * @param perMinute     errors per minute of log time, keyed by minutes since the epoch
 * @param firingCount   errors the incident held when it crossed the threshold (0 when it never did)
 * @param at            when this event was made (wall clock)
 * @param impact        failure kinds, affected orders and latency
 */
public record IncidentEvent(Kind kind, Watch watch, String incidentId, String key, long firstNanos, long lastNanos,
                            long count, long firingNanos, List<Map.Entry<String, Long>> signatures,
                            Map<String, String> linkLines, List<String> newLinks, List<String> samples,
                            SortedMap<Long, Long> perMinute, long firingCount, Instant at,
                            Impact impact) {

    public enum Kind { FIRING, UPDATE, RESOLVED, BELOW_THRESHOLD }

    public static IncidentEvent of(Kind kind, Incident incident, LinkVault vault) {
        Watch watch = incident.watch();
        Map<String, String> linkLines = incident.linkLines(vault);
        List<String> links = List.copyOf(linkLines.keySet());
        List<String> newLinks = kind == Kind.UPDATE ? links.subList(links.size() - 1, links.size()) : List.of();
        return new IncidentEvent(kind, watch, incident.id(), incident.key(), incident.firstNanos(), incident.lastNanos(),
                incident.count(), incident.firingNanos(), incident.signatureCounts(), linkLines,
                newLinks, incident.samples(), incident.perMinute(), incident.firingCount(), Instant.now(),
                incident.impact());
    }

    /** The links remediation should try for this event: all of a FIRING incident's, only the new ones of an UPDATE. */
    public List<String> linksToFollow() {
        return switch (kind) {
            case FIRING -> List.copyOf(linkLines.keySet());
            case UPDATE -> newLinks;
            default -> List.of();
        };
    }

    /** The same event told to the watch as given (its recipients as addresses at the time it fired). */
    public IncidentEvent withWatch(Watch addressed) {
        return new IncidentEvent(kind, addressed, incidentId, key, firstNanos, lastNanos, count, firingNanos, signatures,
                linkLines, newLinks, samples, perMinute, firingCount, at, impact);
    }

    /** When it crossed the threshold: the log time of that error. */
    public Instant firedAt() {
        return Instant.ofEpochSecond(0, firingNanos);
    }

    public String topSignature() {
        return signatures.isEmpty() ? "" : signatures.get(0).getKey();
    }
}
