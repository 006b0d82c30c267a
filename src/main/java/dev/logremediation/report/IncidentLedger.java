package dev.logremediation.report;

import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;
import dev.logremediation.notify.Silence;
import dev.logremediation.remediate.RemediationResult;
import dev.logremediation.verify.PurchaseVerdict;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to each incident, for its report: the latest event of every open incident, the actions taken
 * (emails, remediation, verification), and the most recent closed incidents and below-threshold episodes.
 */
public final class IncidentLedger {

    /** A batch keeps every closed incident for its report; a live run only the latest ones. */
    private final int keepClosed;
    private final Map<String, IncidentEvent> open = new LinkedHashMap<>();
    private final Timeline timeline;
    private final List<IncidentRecord> closed = new ArrayList<>();
    private final List<IncidentRecord> belowThreshold = new ArrayList<>();

    /**
     * @param keepClosed how many closed incidents (and as many blips) to keep for reports
     * @param timeline   where the actions taken are kept (the state database, so reports after a restart list them)
     */
    public IncidentLedger(int keepClosed, Timeline timeline) {
        this.keepClosed = keepClosed;
        this.timeline = timeline;
    }

    /** Records an incident event and, for emails, that it was sent ({@code sent}) or only printed (dry run). */
    public synchronized void record(IncidentEvent event, boolean sent) {
        if (event.kind() == Kind.BELOW_THRESHOLD) {
            keep(belowThreshold, new IncidentRecord(event, List.of()));
            return;
        }
        String how = sent ? "sent to " + String.join(", ", event.watch().recipients()) : "dry run: printed, not sent";
        // one entry per email: an UPDATE per new link, every other kind once
        String emailKey = event.kind() + " email" + (event.kind() == Kind.UPDATE ? " " + event.newLinks().stream()
                .map(dev.logremediation.detect.Fingerprint::of).toList() : "");
        note(event.incidentId(), emailKey, new TimelineEntry(Instant.now(), event.kind() + " email", how));
        keepOpenOrClosed(event);
    }

    /**
     * Records an incident event that a silence kept from on-call: no email or channel message went out (a FIRING's
     * or UPDATE's are held until the silence ends; a RESOLVED's, and those held, are dropped).
     */
    public synchronized void recordSilenced(IncidentEvent event, Silence silence) {
        String what = event.kind() == Kind.RESOLVED ? "resolved while silenced: nobody was told"
                : "email and channel messages held until the silence ends"
                  + (silence.remediation() ? "" : "; no remediation");
        note(event.incidentId(), event.kind() + " silenced", new TimelineEntry(Instant.now(), "silenced",
                event.kind() + " silenced by " + silence.id() + " (" + silence.reason() + ", by " + silence.by()
                        + "): " + what));
        keepOpenOrClosed(event);
    }

    /** The silence that held an incident's messages ended while it still fired: they went out then. */
    public void noteReleased(String incidentId, String silenceId) {
        note(incidentId, "released " + silenceId, new TimelineEntry(Instant.now(), "silence ended",
                silenceId + " ended while the incident still fired: its held email and channel messages sent now"));
    }

    /** A reminder or an escalation level of the on-call loop was emailed (detail: to whom). */
    public void noteOnCall(String incidentId, boolean escalation, int number, String detail) {
        String event = escalation ? "escalation" : "reminder";
        note(incidentId, event + " " + number, new TimelineEntry(Instant.now(), event, detail));
    }

    /** Someone acknowledged the incident (detail: who, how, when). */
    public void noteAcknowledged(String incidentId, String detail) {
        note(incidentId, "acknowledged", new TimelineEntry(Instant.now(), "acknowledged", detail));
    }

    private void keepOpenOrClosed(IncidentEvent event) {
        if (event.kind() == Kind.RESOLVED) {
            IncidentRecord record = recordOf(event);
            open.remove(event.incidentId());
            keep(closed, record);
        } else {
            open.put(event.incidentId(), event);
        }
    }

    private void keep(List<IncidentRecord> records, IncidentRecord record) {
        records.add(record);
        if (records.size() > keepClosed) {
            records.remove(0);
        }
    }

    /** Adds an action (an email, a link followed, a purchase) to an incident's timeline, once per key. */
    public void note(String incidentId, String entryKey, TimelineEntry action) {
        timeline.add(incidentId, entryKey, action);
    }

    /** Notes what came of following one link. */
    public void noteLink(String incidentId, String entryKey, RemediationResult result) {
        note(incidentId, entryKey, new TimelineEntry(result.at(), "remediation", result.outcome().name()
                .toLowerCase().replace('_', ' ') + ": " + result.maskedLink() + " (" + result.detail() + ")"));
    }

    /** Notes the verification purchase's verdict. */
    public void noteVerification(String incidentId, String entryKey, PurchaseVerdict verdict) {
        note(incidentId, entryKey, new TimelineEntry(verdict.at(), "verification", (verdict.passed() ? "passed"
                : "failed: " + verdict.reason()) + " - " + verdict.detail()));
    }

    /** The incident's latest event while it is open (what its emails told so far); null when not known here. */
    public synchronized IncidentEvent openEvent(String incidentId) {
        return open.get(incidentId);
    }

    /** The incident with every action noted so far. */
    public synchronized IncidentRecord recordOf(IncidentEvent event) {
        return new IncidentRecord(event, timeline.of(event.incidentId()));
    }

    /** A report of one incident as it is now, with every action noted so far. */
    public synchronized RunReport report(IncidentEvent event) {
        return new RunReport("Incident report: " + event.key(), null, null, java.time.ZoneOffset.UTC,
                List.of(recordOf(event)), List.of(), Instant.now());
    }

    /** Everything recorded: resolved incidents, then those still open, in order of their first error. */
    public synchronized RunReport report(String title, Instant from, Instant to, ZoneId zone) {
        List<IncidentRecord> incidents = new ArrayList<>(closed);
        open.values().forEach(event -> incidents.add(recordOf(event)));
        incidents.sort(Comparator.comparingLong(r -> r.incident().firstNanos()));
        List<IncidentRecord> blips = new ArrayList<>(belowThreshold);
        blips.sort(Comparator.comparingLong(r -> r.incident().firstNanos()));
        return new RunReport(title, from, to, zone, incidents, blips, Instant.now());
    }
}
