package dev.logremediation.notify;

import dev.logremediation.detect.Fingerprint;
import dev.logremediation.loki.NoDataWatch;
import dev.logremediation.loki.Survey;
import dev.logremediation.text.Text;

import java.util.Map;

/**
 * Tells on-call that a watch's query selects no line although Loki answers (NO DATA), with what Loki does hold for its
 * selector, and later, in the same thread, that lines come again (DATA BACK).
 */
public final class NoDataEmail {

    private final String lokiUrl;
    private final MessageTemplates templates;

    public NoDataEmail(String lokiUrl, MessageTemplates templates) {
        this.lokiUrl = lokiUrl;
        this.templates = templates;
    }

    /** Used by the route: one email per change, keyed by the watch's silence so that none is sent twice. */
    public OutgoingEmail render(NoDataWatch.Change change) {
        String watch = change.watch().name();
        String thread = "<nodata." + Fingerprint.of(watch + "|" + change.episode()) + "@log-remediation>";
        MessageTemplates.Rendered message = templates.render(change.watch().templates(),
                change.noData() ? "no-data" : "data-back", model(change));
        String messageId = change.noData() ? thread
                : "<databack." + Fingerprint.of(watch + "|" + change.episode()) + "@log-remediation>";
        String key = watch + "|" + (change.noData() ? "NO DATA" : "DATA BACK") + "|" + change.episode();
        return new OutgoingEmail(change.watch().recipients(), message.subject(), messageId,
                change.noData() ? null : thread, message.text(), message.html(), key);
    }

    /** What the NO DATA and DATA BACK templates are given (docs/templates.md). */
    Map<String, Object> model(NoDataWatch.Change change) {
        Survey survey = change.survey();
        return MessageModel.of("kind", change.noData() ? "NO DATA" : "DATA BACK",
                "watch", MessageModel.watch(change.watch()),
                "lokiUrl", lokiUrl,
                "lastLineAt", Text.utc(change.lastLineAt()),
                "survey", survey == null ? null : MessageModel.of(
                        "lookback", Text.duration(survey.lookback()),
                        "newestLineRead", survey.newestLineRead(),
                        "newestLine", survey.newestLineNanos() == null ? null : Text.utc(survey.newestLineNanos()),
                        "hint", survey.hint()));
    }
}
