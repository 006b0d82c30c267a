package dev.logremediation.notify;

import dev.logremediation.config.Watch;

import java.time.Instant;
import java.util.List;

/**
 * What an email of the on-call loop tells, in the incident's thread: a reminder that it still fires unacknowledged,
 * an escalation to more people, or who acknowledged it.
 *
 * @param kind       the message kind: reminder, escalation or acknowledged
 * @param incidentId the incident
 * @param service    its key
 * @param watch      its watch
 * @param to         who receives this email
 * @param firedAt    when the FIRING email went out
 * @param at         when this happens
 * @param number     the reminder's number or the escalation's level; 0 for an acknowledgement
 * @param escalatedTo who an escalation adds; empty otherwise
 * @param by         who acknowledged; null otherwise
 * @param via        how: "reply", "link"; null otherwise
 * @param command    what the reply said: ack, resolve, or a silence ("silence 2h"); null for a link
 */
public record OnCallNotice(String kind, String incidentId, String service, Watch watch, List<String> to,
                           Instant firedAt, Instant at, int number, List<String> escalatedTo, String by, String via,
                           String command) {

    public OnCallNotice {
        to = List.copyOf(to);
        escalatedTo = List.copyOf(escalatedTo);
    }
}
