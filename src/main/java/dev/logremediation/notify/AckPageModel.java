package dev.logremediation.notify;

import dev.logremediation.text.Text;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the acknowledgement page (templates/ack-page.html.mustache, docs/templates.md) shows: a heading, one line, the
 * incident's summary when the link named a live one, and the form with the "Acknowledge" button while it can still be
 * acknowledged.
 *
 * @param title    the heading
 * @param message  one line under it
 * @param incident the incident, null when the link named none (forged or expired)
 * @param token    the link's token, for the form's POST; null: no button
 */
public record AckPageModel(String title, String message, Incident incident, String token) {

    /** The incident's summary. */
    public record Incident(String incidentId, String watch, String key, Instant firedAt, List<String> recipients,
                           String status) {

        public Incident {
            recipients = List.copyOf(recipients);
        }
    }

    /** The template's fields. */
    Map<String, Object> fields() {
        return MessageModel.of(
                "title", title,
                "message", message,
                "incident", incident == null ? null : MessageModel.of(
                        "incidentId", incident.incidentId(),
                        "watch", incident.watch(),
                        "key", Text.clean(incident.key()),
                        "firedAt", Text.utc(incident.firedAt()),
                        "recipients", String.join(", ", incident.recipients()),
                        "status", incident.status()),
                "acknowledge", token == null ? null : MessageModel.of("token", token));
    }
}
