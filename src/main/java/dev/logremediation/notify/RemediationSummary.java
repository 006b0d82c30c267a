package dev.logremediation.notify;

import java.util.List;

/**
 * What a remediation round did, as the remediation emails tell it: plain facts, so that notify needs nothing of the
 * remediate and verify packages (remediate/RemediationWork builds it from the round).
 *
 * @param roundId      names the round (its emails are keyed by it)
 * @param incidentId   the incident, whose FIRING email's thread the emails join
 * @param service      the incident key
 * @param recipients   who is emailed
 * @param templates    the watch's template set; empty for the shipped one
 * @param linksTried   what came of each link
 * @param verification the purchase that followed, or null when none ran
 * @param links        the round's links in full, for the person who must act when remediation failed
 */
public record RemediationSummary(String roundId, String incidentId, String service, List<String> recipients,
                                 String templates, List<LinkTried> linksTried, Verification verification,
                                 List<String> links) {

    public RemediationSummary {
        recipients = List.copyOf(recipients);
        linksTried = List.copyOf(linksTried);
        links = List.copyOf(links);
        templates = templates == null ? "" : templates;
    }

    /**
     * @param outcome          RESOLVED, STALE_LINK, UNKNOWN... (remediate/RemediationOutcome)
     * @param endedTheProblem  the factory said the problem is over (or was already)
     * @param link             the link, api key masked
     * @param detail           what the factory answered, one line
     */
    public record LinkTried(String outcome, boolean endedTheProblem, String link, String detail) {
        public boolean unknown() {
            return "UNKNOWN".equals(outcome);
        }
    }

    /**
     * @param passed   the purchase proved the shop works
     * @param disabled verification is off: nothing was bought
     * @param reason   PASSED, CHAOS_LINK_IN_ANSWER... (verify/PurchaseVerdict.Reason)
     * @param detail   one line
     * @param steps    the purchase's calls
     */
    public record Verification(boolean passed, boolean disabled, String reason, String detail, List<Step> steps) {
        public Verification {
            steps = List.copyOf(steps);
        }
    }

    public record Step(String method, String path, int status, long latencyMillis) {
    }
}
