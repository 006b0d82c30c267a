package dev.logremediation.notify;

import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;

import java.time.Clock;
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
            List<Silence> active = active();
            return active.stream().filter(s -> s.id().equals(heldBy)).findFirst().orElseGet(() -> silences.byId(heldBy)
                    .orElse(new Silence(heldBy, event.watch().name(), null, null, event.at(), event.at(),
                            "maintenance window", MaintenanceWindows.SETTING, true)));
        }
        if (event.kind() != Kind.FIRING && event.kind() != Kind.UPDATE) {
            return null;
        }
        return active().stream().filter(silence -> silence.covers(event)).findFirst().orElse(null);
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

    private List<Silence> active() {
        List<Silence> active = new ArrayList<>(silences.notEndedAt(clock.instant()).stream()
                .filter(silence -> silence.activeAt(clock.instant())).toList());
        active.addAll(maintenance.activeAt(clock.instant()));
        return active;
    }
}
