package dev.logremediation.oncall;

import java.time.Instant;
import java.util.List;

/**
 * One incident's page: who was told it fires, and where its on-call loop stands (reminders sent, escalation levels
 * reached, the acknowledgement, the end). A row in the state database, written when the FIRING email is queued.
 *
 * @param incidentId     the incident
 * @param watch          its watch's name
 * @param key            its key (the service)
 * @param threadDigest   the digest every Message-ID of its thread carries (replies are matched by it)
 * @param recipients     every address told so far: the FIRING email's, and those escalation added
 * @param rotations      the rotations those came from (their members may acknowledge too)
 * @param firedAt        when it fired
 * @param startedAt      when the FIRING email went out (later than firedAt when a silence held it); null while held
 * @param reminders      reminders sent
 * @param escalations    escalation levels reached
 * @param nextReminderAt when the next reminder is due; null: none
 * @param nextEscalationAt when the next escalation level is due; null: none
 * @param acknowledgedBy who acknowledged it; null: nobody yet
 * @param acknowledgedAt when
 * @param acknowledgedVia how: reply or link
 * @param endedAt        when the loop stopped (acknowledged, remediated and verified, or resolved); null: running
 * @param endedBecause   why it stopped
 */
public record Page(String incidentId, String watch, String key, String threadDigest, List<String> recipients,
                   List<String> rotations, Instant firedAt, Instant startedAt, int reminders, int escalations,
                   Instant nextReminderAt, Instant nextEscalationAt, String acknowledgedBy, Instant acknowledgedAt,
                   String acknowledgedVia, Instant endedAt, String endedBecause) {

    /** How an acknowledgement's end of the loop begins ("acknowledged by ann@example.com"). */
    public static final String ACKNOWLEDGED_BY = "acknowledged by ";

    public Page {
        recipients = List.copyOf(recipients);
        rotations = List.copyOf(rotations);
    }

    /** A new page of an incident that just fired. */
    public static Page opened(String incidentId, String watch, String key, String threadDigest,
                              List<String> recipients, List<String> rotations, Instant firedAt) {
        return new Page(incidentId, watch, key, threadDigest, recipients, rotations, firedAt, null, 0, 0, null, null,
                null, null, null, null, null);
    }

    /** The same page with these next reminder and escalation times. */
    public Page withTimers(Instant nextReminder, Instant nextEscalation) {
        return new Page(incidentId, watch, key, threadDigest, recipients, rotations, firedAt, startedAt, reminders,
                escalations, nextReminder, nextEscalation, acknowledgedBy, acknowledgedAt, acknowledgedVia, endedAt,
                endedBecause);
    }

    /**
     * Whether the incident's acknowledgement links have expired: it ended otherwise than by an acknowledgement
     * (resolved, remediated and verified), before or after one.
     */
    public boolean linksExpired() {
        return ended() && (endedBecause == null || !endedBecause.startsWith(ACKNOWLEDGED_BY));
    }

    public boolean acknowledged() {
        return acknowledgedAt != null;
    }

    public boolean ended() {
        return endedAt != null;
    }
}
