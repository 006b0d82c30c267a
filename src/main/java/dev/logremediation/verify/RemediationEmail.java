package dev.logremediation.verify;

import dev.logremediation.detect.Fingerprint;
import dev.logremediation.notify.IncidentEmail;
import dev.logremediation.notify.OutgoingEmail;
import dev.logremediation.remediate.RemediationOutcome;
import dev.logremediation.remediate.RemediationResult;
import dev.logremediation.remediate.RemediationRound;

import java.util.List;

/**
 * The email that tells on-call, in the FIRING email's thread, what remediation did and whether a purchase proved the
 * shop works again: REMEDIATED - verified, REMEDIATED - not verified (verification off), or REMEDIATION FAILED -
 * action needed, with what was tried, why it failed and the link for a person to use.
 */
public final class RemediationEmail {

    /**
     * The email that ends a remediation round.
     *
     * @param links the round's links in full, for the person who must act when remediation failed
     */
    public OutgoingEmail render(RemediationRound round, List<String> links) {
        List<RemediationResult> results = round.results();
        PurchaseVerdict verdict = round.verdict();
        String verdictLine = verdictLine(results, verdict);
        String subject = IncidentEmail.subjectLine("[" + verdictLine + "] " + round.key() + ": "
                + summary(results, verdict));
        StringBuilder text = new StringBuilder(1024);
        StringBuilder html = new StringBuilder(2048);
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" ")
                .append("content=\"width=device-width, initial-scale=1\"></head><body style=\"font-family:sans-serif;")
                .append("max-width:640px;padding:12px;font-size:16px\">");
        text.append(verdictLine).append(" for ").append(round.key()).append("\n\n");
        html.append("<h2 style=\"color:").append(verdictLine.startsWith("REMEDIATED") ? "#1b7f3b" : "#b00020")
                .append("\">").append(IncidentEmail.escape(verdictLine)).append("</h2>");

        text.append("Links tried:\n");
        html.append("<h3>Links tried</h3><ul>");
        for (RemediationResult result : results) {
            String line = result.outcome() + " - " + result.maskedLink() + " - " + result.detail();
            text.append("  ").append(line).append('\n');
            html.append("<li>").append(IncidentEmail.escape(line)).append("</li>");
        }
        html.append("</ul>");
        if (round.outcomeUnknown()) {
            String unknown = "The product stopped after sending a link's request and before recording its answer,"
                    + " so whether the link ended the problem is not known; it was not sent again.";
            text.append('\n').append(unknown).append('\n');
            html.append("<p>").append(IncidentEmail.escape(unknown)).append("</p>");
        }
        if (verdict != null) {
            text.append("\nVerification purchase: ").append(verdict.reason()).append(" - ").append(verdict.detail())
                    .append('\n');
            html.append("<h3>Verification purchase</h3><p>").append(IncidentEmail.escape(verdict.reason() + " - "
                    + verdict.detail())).append("</p><table>");
            for (PurchaseStep step : verdict.steps()) {
                String row = step.method() + " " + step.path() + " -> " + step.status() + " in " + step.latencyMillis()
                        + " ms";
                text.append("  ").append(row).append('\n');
                html.append("<tr><td>").append(IncidentEmail.escape(row)).append("</td></tr>");
            }
            html.append("</table>");
        }
        if (verdictLine.startsWith("REMEDIATION FAILED") || verdictLine.startsWith("REMEDIATION UNKNOWN")) {
            text.append("\nAction needed: check the shop by hand; the resolution links are:\n");
            html.append("<h3>Action needed</h3><p>Check the shop by hand. The resolution links:</p>");
            for (String link : links) {
                text.append("  ").append(link).append('\n');
                html.append("<p><a href=\"").append(IncidentEmail.escape(link)).append("\">")
                        .append(IncidentEmail.escape(link)).append("</a></p>");
            }
        }
        html.append("</body></html>");
        return email(round, subject, text.toString(), html.toString(), "remediation");
    }

    /**
     * Said at once when a crash lost a followed link's answer and a purchase is about to decide: the person learns
     * that the product acted on the shop, and that one more email will tell the outcome.
     */
    public OutgoingEmail renderUnknown(RemediationRound round) {
        String line = "REMEDIATION UNKNOWN - verifying";
        String explanation = "The product followed a resolution link for " + round.key() + " and stopped before it"
                + " recorded the answer, so whether the link ended the problem is not known. It does not follow the"
                + " link again; a verification purchase decides, and one more email in this thread tells the outcome.";
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif;"
                + "max-width:640px;padding:12px;font-size:16px\"><h2>" + IncidentEmail.escape(line) + "</h2><p>"
                + IncidentEmail.escape(explanation) + "</p></body></html>";
        return email(round, IncidentEmail.subjectLine("[" + line + "] " + round.key()), line + "\n\n" + explanation
                + "\n", html, "unknown");
    }

    /** One email per round and purpose: its key and Message-ID are fixed, so a retried step sends nothing twice. */
    private static OutgoingEmail email(RemediationRound round, String subject, String text, String html,
                                       String purpose) {
        String threadId = IncidentEmail.threadId(round.incidentId());
        String messageId = "<" + purpose + "." + Fingerprint.of(round.id()).substring(0, 24) + "."
                + threadId.substring(1);
        return new OutgoingEmail(round.recipients(), subject, messageId, threadId, text, html,
                round.id() + "|" + purpose);
    }

    static String verdictLine(List<RemediationResult> results, PurchaseVerdict verdict) {
        if (verdict != null && verdict.reason() != PurchaseVerdict.Reason.DISABLED) {
            return verdict.passed() ? "REMEDIATED - verified" : "REMEDIATION FAILED - action needed";
        }
        if (results.stream().anyMatch(r -> r.outcome().endedTheProblem())) {
            return "REMEDIATED - not verified";
        }
        return results.stream().anyMatch(r -> r.outcome() == RemediationOutcome.UNKNOWN)
                ? "REMEDIATION UNKNOWN - not verified" : "REMEDIATION FAILED - action needed";
    }

    private static String summary(List<RemediationResult> results, PurchaseVerdict verdict) {
        String outcomes = String.join(", ", results.stream().map(r -> r.outcome().name().toLowerCase().replace('_', ' '))
                .distinct().toList());
        return "link " + outcomes + (verdict == null ? "" : "; purchase " + verdict.reason().name().toLowerCase()
                .replace('_', ' '));
    }
}
