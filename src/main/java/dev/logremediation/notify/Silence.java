package dev.logremediation.notify;

import dev.logremediation.incident.IncidentEvent;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A time during which the incidents of one watch (optionally of one key, optionally only those whose signature or a
 * sample line matches a regex) email nobody and post to no channel: their messages are held, and sent when the
 * silence ends while the incident still fires. Made by {@code silence add} or by a maintenance window
 * (oncall.maintenance).
 *
 * @param id          names the silence in the ledger, the report and {@code silence expire}
 * @param watch       the watch whose incidents it silences
 * @param key         the incident key it silences, or null for every key of the watch
 * @param matching    a regular expression found in the incident's signature or a sample line, or null for any
 * @param startsAt    when it begins
 * @param endsAt      when it ends (exclusive); {@code silence expire} moves it to the moment of expiry
 * @param reason      why, as the person gave it
 * @param by          who made it
 * @param remediation whether remediation still follows the incident's links during the silence
 */
public record Silence(String id, String watch, String key, String matching, Instant startsAt, Instant endsAt,
                      String reason, String by, boolean remediation) {

    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** Whether it silences this incident event (its time aside). */
    public boolean covers(IncidentEvent event) {
        if (!watch.equals(event.watch().name()) || key != null && !key.equals(event.key())) {
            return false;
        }
        if (matching == null) {
            return true;
        }
        Pattern pattern = Pattern.compile(matching);
        return event.signatures().stream().map(Map.Entry::getKey).anyMatch(text -> pattern.matcher(text).find())
                || event.samples().stream().anyMatch(text -> pattern.matcher(text).find());
    }

    /** One line for logs, the ledger and {@code silence list}: id, what, until when, why, by whom. */
    public String describe() {
        return id + " (" + reason + ", by " + by + ", until " + endsAt + ")";
    }
}
