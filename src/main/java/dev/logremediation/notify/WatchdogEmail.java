package dev.logremediation.notify;

import dev.logremediation.loki.PollWatchdog;

import java.util.List;
import java.util.Map;

/** Tells on-call that a watch cannot read Loki (BLIND: monitoring is blind), and later that it can again (RESTORED). */
public final class WatchdogEmail {

    private final String lokiUrl;
    private final MessageTemplates templates;

    public WatchdogEmail(String lokiUrl, MessageTemplates templates) {
        this.lokiUrl = lokiUrl;
        this.templates = templates;
    }

    public OutgoingEmail render(PollWatchdog.Change change) {
        MessageTemplates.Rendered message = templates.render(change.watch().templates(),
                change.blind() ? "blind" : "restored", model(change));
        String key = change.watch().name() + "|" + (change.blind() ? "BLIND" : "RESTORED") + "|" + change.lastSuccess();
        String messageId = "<watchdog." + change.at().toEpochMilli() + "." + Math.abs(key.hashCode())
                + "@log-remediation>";
        return new OutgoingEmail(change.watch().recipients(), message.subject(), messageId, null, message.text(),
                message.html(), key);
    }

    /** What the BLIND and RESTORED templates are given (docs/templates.md). */
    Map<String, Object> model(PollWatchdog.Change change) {
        return MessageModel.of("kind", change.blind() ? "BLIND" : "RESTORED",
                "watch", MessageModel.watch(change.watch()),
                "lokiUrl", lokiUrl,
                "lastSuccess", change.lastSuccess().toString());
    }

    /** Used by the route: the changes to tell, none most of the time. */
    public List<OutgoingEmail> renderAll(List<PollWatchdog.Change> changes) {
        return changes.stream().map(this::render).toList();
    }
}
