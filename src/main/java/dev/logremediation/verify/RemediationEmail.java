package dev.logremediation.verify;

import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.notify.IncidentEmail;
import dev.logremediation.notify.OutgoingEmail;
import dev.logremediation.remediate.RemediationOutcome;
import dev.logremediation.remediate.RemediationResult;

import java.time.Instant;
import java.util.List;

/**
 * The email that tells on-call, in the FIRING email's thread, what remediation did and whether a purchase proved the
 * shop works again: REMEDIATED - verified, REMEDIATED - not verified (verification off), or REMEDIATION FAILED -
 * action needed, with what was tried, why it failed and the link for a person to use.
 */
public final class RemediationEmail {

    public OutgoingEmail render(IncidentEvent incident, List<RemediationResult> results, PurchaseVerdict verdict) {
        String verdictLine = verdictLine(results, verdict);
        String subject = IncidentEmail.subjectLine("[" + verdictLine + "] " + incident.key() + ": "
                + summary(results, verdict));
        StringBuilder text = new StringBuilder(1024);
        StringBuilder html = new StringBuilder(2048);
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" ")
                .append("content=\"width=device-width, initial-scale=1\"></head><body style=\"font-family:sans-serif;")
                .append("max-width:640px;padding:12px;font-size:16px\">");
        text.append(verdictLine).append(" for ").append(incident.key()).append("\n\n");
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
        if (verdictLine.startsWith("REMEDIATION FAILED")) {
            text.append("\nAction needed: check the shop by hand; the resolution links are:\n");
            html.append("<h3>Action needed</h3><p>Check the shop by hand. The resolution links:</p>");
            for (String link : incident.linkLines().keySet()) {
                text.append("  ").append(link).append('\n');
                html.append("<p><a href=\"").append(IncidentEmail.escape(link)).append("\">")
                        .append(IncidentEmail.escape(link)).append("</a></p>");
            }
        }
        html.append("</body></html>");
        String messageId = "<remediation." + Instant.now().toEpochMilli() + "."
                + IncidentEmail.threadId(incident.incidentId()).substring(1);
        return new OutgoingEmail(incident.watch().recipients(), subject, messageId,
                IncidentEmail.threadId(incident.incidentId()), text.toString(), html.toString(),
                incident.incidentId() + "|" + verdictLine + "|" + results.stream().map(RemediationResult::maskedLink)
                        .sorted().toList());
    }

    static String verdictLine(List<RemediationResult> results, PurchaseVerdict verdict) {
        boolean ended = results.stream().anyMatch(r -> r.outcome().endedTheProblem());
        if (verdict != null && verdict.reason() != PurchaseVerdict.Reason.DISABLED) {
            return verdict.passed() ? "REMEDIATED - verified" : "REMEDIATION FAILED - action needed";
        }
        return ended ? "REMEDIATED - not verified" : "REMEDIATION FAILED - action needed";
    }

    private static String summary(List<RemediationResult> results, PurchaseVerdict verdict) {
        String outcomes = String.join(", ", results.stream().map(r -> r.outcome().name().toLowerCase().replace('_', ' '))
                .distinct().toList());
        return "link " + outcomes + (verdict == null ? "" : "; purchase " + verdict.reason().name().toLowerCase()
                .replace('_', ' '));
    }

    /** Whether the round ended the problem as far as remediation can tell (for choosing to verify). */
    public boolean worthVerifying(List<RemediationResult> results) {
        return results.stream().map(RemediationResult::outcome).anyMatch(RemediationOutcome::endedTheProblem);
    }
}
