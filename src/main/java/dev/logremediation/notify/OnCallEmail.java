package dev.logremediation.notify;

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

    public OnCallEmail(MessageTemplates templates, AckInvitation invitation) {
        this.templates = templates;
        this.invitation = invitation;
    }

    public OutgoingEmail render(OnCallNotice notice) {
        MessageTemplates.Rendered message = templates.render(notice.watch().templates(), notice.kind(),
                model(notice, invitation));
        String threadId = IncidentEmail.threadId(notice.incidentId());
        String messageId = "<" + notice.kind() + "." + notice.number() + "." + threadId.substring(1);
        return new OutgoingEmail(notice.to(), message.subject(), messageId, threadId, message.text(), message.html(),
                dedupeKey(notice.incidentId(), notice.kind(), notice.number()));
    }

    /** What makes one on-call email of an incident once: its kind (reminder, escalation, acknowledged) and number. */
    public static String dedupeKey(String incidentId, String kind, int number) {
        return incidentId + "|" + kind.toUpperCase(Locale.ROOT) + "|" + number;
    }

    /** What the reminder, escalation and acknowledged templates are given (docs/templates.md). */
    static Map<String, Object> model(OnCallNotice notice, AckInvitation invitation) {
        boolean stillFiring = !notice.kind().equals("acknowledged");
        return MessageModel.of(
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
                "acknowledge", stillFiring ? invitation.model(notice.incidentId(), notice.to()) : null);
    }
}
