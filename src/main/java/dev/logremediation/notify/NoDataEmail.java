package dev.logremediation.notify;

import dev.logremediation.detect.Fingerprint;
import dev.logremediation.loki.NoDataWatch;
import dev.logremediation.loki.Survey;

import java.time.Instant;

/**
 * Tells on-call that a watch's query selects no line although Loki answers (NO DATA), with what Loki does hold for its
 * selector, and later, in the same thread, that lines come again (DATA BACK).
 */
public final class NoDataEmail {

    private final String lokiUrl;

    public NoDataEmail(String lokiUrl) {
        this.lokiUrl = lokiUrl;
    }

    /** Used by the route: one email per change, keyed by the watch's silence so that none is sent twice. */
    public OutgoingEmail render(NoDataWatch.Change change) {
        String watch = change.watch().name();
        String thread = "<nodata." + Fingerprint.of(watch + "|" + change.episode()) + "@log-remediation>";
        String subject;
        String text;
        String messageId;
        String threadId;
        if (change.noData()) {
            subject = "[NO DATA] " + watch + ": no line for " + IncidentEmail.human(change.watch().noDataAfter());
            text = noDataText(change);
            messageId = thread;
            threadId = null;
        } else {
            subject = "[DATA BACK] " + watch + ": its query selects lines again";
            text = "Watch " + watch + " reads lines again (at " + time(change.lastLineAt()) + "): its errors are"
                    + " detected again.\nThe query: " + change.watch().query() + "\n";
            messageId = "<databack." + Fingerprint.of(watch + "|" + change.episode()) + "@log-remediation>";
            threadId = thread;
        }
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"></head><body style=\"font-family:sans-serif;"
                + "max-width:640px;padding:12px;font-size:16px\"><p>" + IncidentEmail.escape(text).replace("\n", "<br>")
                + "</p></body></html>";
        String key = watch + "|" + (change.noData() ? "NO DATA" : "DATA BACK") + "|" + change.episode();
        return new OutgoingEmail(change.watch().recipients(), IncidentEmail.subjectLine(subject), messageId, threadId,
                text, html, key);
    }

    private String noDataText(NoDataWatch.Change change) {
        Survey survey = change.survey();
        StringBuilder text = new StringBuilder()
                .append("Watch ").append(change.watch().name()).append(" has read no log line since ")
                .append(time(change.lastLineAt())).append(", although its polls of ").append(lokiUrl)
                .append(" succeed. Its query\n  ").append(change.watch().query())
                .append("\nselects nothing, so no error it should catch can alert anyone.\n");
        if (survey != null) {
            String lookback = IncidentEmail.human(survey.lookback());
            if (survey.newestLineRead()) {
                text.append("Newest line the query selects: ").append(survey.newestLineNanos() == null
                        ? "none in the last " + lookback : IncidentEmail.time(survey.newestLineNanos())).append(".\n");
            }
            text.append("What Loki holds (last ").append(lookback).append("): ").append(survey.hint()).append(".\n");
        }
        return text.append("A typo in the query or a label the logger renamed shows above as a value or name that is"
                + " not the query's; a service that stopped logging shows as the right values with no new line.\n"
                + "Fix the query in routes/watches.camel.yaml; a watch that may stay quiet for long can set its own"
                + " noDataAfter (0: never tell).\n").toString();
    }

    private static String time(Instant instant) {
        return IncidentEmail.time(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }
}
