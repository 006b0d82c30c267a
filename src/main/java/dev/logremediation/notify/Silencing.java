package dev.logremediation.notify;

import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, for the notify route, whether an incident event is silenced: by a silence of {@code silence add} or an
 * occurrence of a maintenance window going on now, or because the incident's earlier messages are still held by one.
 * A RESOLVED is silenced only in that last case: an incident on-call was told of is always closed in their thread.
 */
public final class Silencing {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Silencing.class);

    private final Silences silences;
    private final MaintenanceWindows maintenance;
    private final Clock clock;

    public Silencing(Silences silences, MaintenanceWindows maintenance, Clock clock) {
        this.silences = silences;
        this.maintenance = maintenance;
        this.clock = clock;
    }

    /**
     * @param heldBy the id of the silence holding this incident's messages (the outbox knows), or null
     * @return the silence that silences the event, or null when on-call is to be told
     */
    public Silence silenceFor(IncidentEvent event, String heldBy) {
        if (heldBy != null) {
            return holding(heldBy, event);
        }
        if (event.kind() != Kind.FIRING && event.kind() != Kind.UPDATE) {
            return null;
        }
        return active().stream().filter(silence -> silence.covers(event)).findFirst().orElse(null);
    }

    /**
     * The silence keeping incidents of this watch and key from on-call now, among those that do not read the lines
     * (no --matching): an incident's reminders wait while one does.
     */
    public java.util.Optional<Silence> keepingFromOnCall(String watch, String key) {
        return active().stream().filter(silence -> silence.matching() == null && silence.watch().equals(watch)
                && (silence.key() == null || silence.key().equals(key))).findFirst();
    }

    /** Whether remediation follows the links of an event under this silence (none: as always). */
    public boolean remediates(Silence silence) {
        return silence == null || silence.remediation();
    }

    /** The ids of every silence going on now: messages held by any other are released. */
    public Set<String> activeIds() {
        return active().stream().map(Silence::id).collect(Collectors.toSet());
    }

    /** Says once in the log what was silenced; the ledger and the report keep it too. */
    public void logSilenced(IncidentEvent event, Silence silence) {
        LOG.info("Incident {} ({} of watch {}): {} silenced by {}; no email or channel message{}", event.incidentId(),
                event.key(), event.watch().name(), event.kind(), silence.describe(),
                event.kind() == Kind.RESOLVED ? ", its held messages are dropped"
                        : ", held until the silence ends" + (silence.remediation() ? "" : ", no remediation"));
    }

    /**
     * The silence that holds an incident's messages: one of silence add (kept, even once ended), or an occurrence of a
     * maintenance window, known only while it goes on; one that ended a moment ago is named by its id alone, since
     * release-silenced sends what it held at its next check.
     */
    private Silence holding(String id, IncidentEvent event) {
        return active().stream().filter(silence -> silence.id().equals(id)).findFirst()
                .or(() -> silences.byId(id))
                .orElseGet(() -> new Silence(id, event.watch().name(), null, null, event.at(), event.at(),
                        "maintenance window, ended", MaintenanceWindows.SETTING, true));
    }

    private List<Silence> active() {
        Instant now = clock.instant();
        List<Silence> active = new ArrayList<>(silences.notEndedAt(now).stream()
                .filter(silence -> silence.activeAt(now)).toList());
        active.addAll(maintenance.activeAt(now));
        return active;
    }
}
