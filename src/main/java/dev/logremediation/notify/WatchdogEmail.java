package dev.logremediation.notify;

import dev.logremediation.loki.PollWatchdog;

import java.util.List;

/** Tells on-call that a watch cannot read Loki (monitoring is blind), and later that it can again. */
public final class WatchdogEmail {

    private final String lokiUrl;

    public WatchdogEmail(String lokiUrl) {
        this.lokiUrl = lokiUrl;
    }

    public OutgoingEmail render(PollWatchdog.Change change) {
        String watch = change.watch().name();
        String since = change.lastSuccess().toString();
        String subject = change.blind()
                ? "[BLIND] " + watch + ": no successful Loki poll since " + since
                : "[RESTORED] " + watch + ": Loki polls succeed again";
        String text = change.blind()
                ? "Monitoring is blind for watch " + watch + ": no poll of " + lokiUrl + " has succeeded since " + since
                + " (UTC).\nErrors in this time are not seen until Loki answers again; the watch then catches up "
                + "from its cursor without losing a line.\nThe product's log names the cause (refused query, "
                + "credentials, Loki down or answering something else).\n"
                : "Monitoring restored for watch " + watch + ": polls of " + lokiUrl + " succeed again; the watch "
                + "catches up from its cursor.\n";
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"></head><body style=\"font-family:sans-serif;"
                + "max-width:640px;padding:12px;font-size:16px\"><p>" + IncidentEmail.escape(text).replace("\n", "<br>")
                + "</p></body></html>";
        String key = watch + "|" + (change.blind() ? "BLIND" : "RESTORED") + "|" + change.lastSuccess();
        String messageId = "<watchdog." + change.at().toEpochMilli() + "." + Math.abs(key.hashCode())
                + "@log-remediation>";
        return new OutgoingEmail(change.watch().recipients(), IncidentEmail.subjectLine(subject), messageId, null,
                text, html, key);
    }

    /** Used by the route: the changes to tell, none most of the time. */
    public List<OutgoingEmail> renderAll(List<PollWatchdog.Change> changes) {
        return changes.stream().map(this::render).toList();
    }
}
