package dev.logremediation.notify;

import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.text.Text;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the on-call loop's emails (reminder, escalation, acknowledged) with the watch's templates, in the
 * incident's thread. Each has a fixed Message-ID and ledger key (incident, kind, number), so a retried step sends
 * nothing twice.
 */
public final class OnCallEmail {

    private final MessageTemplates templates;
    private final AckInvitation invitation;
    /** The FIRING email's fields of an incident, for the people an escalation tells first. */
    private final IncidentEmail incidents;

    public OnCallEmail(MessageTemplates templates, AckInvitation invitation, IncidentEmail incidents) {
        this.templates = templates;
        this.invitation = invitation;
        this.incidents = incidents;
    }

    public OutgoingEmail render(OnCallNotice notice) {
        return render(notice, null);
    }

    /**
     * @param incident the incident as its emails told it so far, for those an escalation tells for the first time
     *                 (they never had the FIRING email); null when not known
     */
    public OutgoingEmail render(OnCallNotice notice, IncidentEvent incident) {
        Map<String, Object> details = incident == null || notice.escalatedTo().isEmpty() ? null
                : incidents.model(incident);
        MessageTemplates.Rendered message = templates.render(notice.watch().templates(), notice.kind(),
                model(notice, invitation, details));
        String threadId = IncidentEmail.threadId(notice.incidentId());
        String messageId = "<" + notice.kind() + "." + notice.number() + "." + threadId.substring(1);
        return new OutgoingEmail(notice.to(), message.subject(), messageId, threadId, message.text(), message.html(),
                dedupeKey(notice.incidentId(), notice.kind(), notice.number()));
    }

    /** What makes one on-call email of an incident once: its kind (reminder, escalation, acknowledged) and number. */
    public static String dedupeKey(String incidentId, String kind, int number) {
        return incidentId + "|" + kind.toUpperCase(Locale.ROOT) + "|" + number;
    }

    /**
     * What the reminder, escalation and acknowledged templates are given (docs/templates.md).
     *
     * @param incident the FIRING template's fields of the incident, for the people an escalation adds; null: none
     */
    static Map<String, Object> model(OnCallNotice notice, AckInvitation invitation, Map<String, Object> incident) {
        boolean stillFiring = !notice.kind().equals("acknowledged");
        Map<String, Object> model = new java.util.LinkedHashMap<>(incident == null ? Map.of() : incident);
        model.put("incidentDetails", incident != null);
        model.putAll(MessageModel.of(
                "kind", notice.kind().toUpperCase(Locale.ROOT),
                "incidentId", notice.incidentId(),
                "service", Text.clean(notice.service()),
                "watch", MessageModel.watch(notice.watch()),
                "firedAt", Text.utc(notice.firedAt()),
                "at", Text.utc(notice.at()),
                "unacknowledgedFor", Text.duration(Duration.between(notice.firedAt(), notice.at())),
                "number", notice.number(),
                "recipients", String.join(", ", notice.to()),
                "escalatedTo", notice.escalatedTo().isEmpty() ? null : String.join(", ", notice.escalatedTo()),
                "by", notice.by(),
                "via", notice.via(),
                "command", notice.command(),
                "resolving", "resolve".equals(notice.command()),
                "silencing", notice.command() != null && notice.command().startsWith("silence"),
                "acknowledge", stillFiring ? invitation.model(notice.incidentId(), notice.to()) : null));
        return model;
    }
}
