package dev.logremediation.notify;

import dev.logremediation.detect.Fingerprint;
import dev.logremediation.notify.RemediationSummary.LinkTried;
import dev.logremediation.notify.RemediationSummary.Verification;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The email that tells on-call, in the FIRING email's thread, what remediation did and whether a purchase proved the
 * shop works again: REMEDIATED (verified, or not when verification is off), REMEDIATION FAILED - action needed, or
 * REMEDIATION UNKNOWN, with what was tried, why it failed and the links for a person to use.
 */
public final class RemediationEmail {

    private final MessageTemplates templates;

    public RemediationEmail(MessageTemplates templates) {
        this.templates = templates;
    }

    /** The email that ends a remediation round. */
    public OutgoingEmail render(RemediationSummary round) {
        return email(round, kind(round), "remediation");
    }

    /**
     * Said at once when a crash lost a followed link's answer and a purchase is about to decide: the person learns
     * that the product acted on the shop, and that one more email will tell the outcome.
     */
    public OutgoingEmail renderUnknown(RemediationSummary round) {
        return email(round, "remediation-verifying", "unknown");
    }

    /** Which template tells the round's outcome. */
    static String kind(RemediationSummary round) {
        Verification verification = round.verification();
        if (verification != null && !verification.disabled()) {
            return verification.passed() ? "remediated" : "remediation-failed";
        }
        if (round.linksTried().stream().anyMatch(LinkTried::endedTheProblem)) {
            return "remediated";
        }
        return round.linksTried().stream().anyMatch(LinkTried::unknown) ? "remediation-unknown" : "remediation-failed";
    }

    /** What the remediation templates are given (docs/templates.md). */
    static Map<String, Object> model(RemediationSummary round, String kind) {
        Verification verification = round.verification();
        return MessageModel.of(
                "kind", kind.toUpperCase(Locale.ROOT).replace('-', ' '),
                "incidentId", round.incidentId(),
                "service", round.service(),
                "verified", verification != null && verification.passed(),
                "outcomes", String.join(", ", round.linksTried().stream().map(link -> words(link.outcome()))
                        .distinct().toList()),
                "outcomeUnknown", round.linksTried().stream().anyMatch(LinkTried::unknown),
                "linksTried", round.linksTried().stream().map(link -> MessageModel.of("outcome", link.outcome(),
                        "link", link.link(), "detail", link.detail())).toList(),
                "verification", verification == null ? null : MessageModel.of(
                        "passed", verification.passed(), "reason", verification.reason(),
                        "result", words(verification.reason()), "detail", verification.detail(),
                        "steps", verification.steps().stream().map(step -> MessageModel.of("method", step.method(),
                                "path", step.path(), "status", step.status(), "latencyMillis", step.latencyMillis()))
                                .toList()),
                "links", round.links().stream().map(link -> MessageModel.of("url", link)).toList());
    }

    /** One email per round and purpose: its key and Message-ID are fixed, so a retried step sends nothing twice. */
    private OutgoingEmail email(RemediationSummary round, String kind, String purpose) {
        MessageTemplates.Rendered message = templates.render(round.templates(), kind, model(round, kind));
        String threadId = IncidentEmail.threadId(round.incidentId());
        String messageId = "<" + purpose + "." + Fingerprint.of(round.roundId()).substring(0, 24) + "."
                + threadId.substring(1);
        return new OutgoingEmail(round.recipients(), message.subject(), messageId, threadId, message.text(),
                message.html(), round.roundId() + "|" + purpose);
    }

    /** STALE_LINK as "stale link". */
    private static String words(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
