package dev.logremediation.notify;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.Fingerprint;
import dev.logremediation.loki.NoDataWatch;
import dev.logremediation.loki.Survey;
import dev.logremediation.text.Text;

import java.time.Instant;
import java.util.List;
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
        return model(change.watch(), change.noData(), change.lastLineAt(), lokiUrl, survey == null ? null
                : survey(Text.duration(survey.lookback()), survey.newestLineRead(),
                        survey.newestLineNanos() == null ? null : Text.utc(survey.newestLineNanos()), survey));
    }

    static Map<String, Object> model(Watch watch, boolean noData, Instant lastLineAt, String lokiUrl,
                                     Map<String, Object> survey) {
        return MessageModel.of("kind", noData ? "NO DATA" : "DATA BACK",
                "watch", MessageModel.watch(watch),
                "lokiUrl", lokiUrl,
                "lastLineAt", Text.utc(lastLineAt),
                "survey", survey);
    }

    /** The survey's facts for the templates: the wording is theirs (templates/no-data.*). */
    static Map<String, Object> survey(String lookback, boolean newestLineRead, String newestLine, Survey survey) {
        List<Map<String, Object>> labels = survey.findings().stream().map(finding -> MessageModel.of(
                "name", finding.name(), "exists", finding.exists(), "values", String.join(", ", finding.values()),
                "moreValues", finding.moreValues() > 0 ? finding.moreValues() : null, "matches", finding.matches(),
                "matchers", String.join(", ", finding.matchers()))).toList();
        return MessageModel.of("lookback", lookback, "newestLineRead", newestLineRead, "newestLine", newestLine,
                "failure", survey.failure(), "selectorProblem", survey.selectorProblem(), "labels", labels,
                "labelNames", String.join(", ", survey.labelNames()), "moreLabelNames", survey.moreLabelNames() > 0 ? survey.moreLabelNames() : null,
                "noLabels", survey.labelNames().isEmpty() && survey.failure() == null
                        && survey.selectorProblem() == null, "hint", survey.hint());
    }
}
