package dev.logremediation.remediate;

import dev.logremediation.verify.PurchaseVerdict;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One round of remediation for an incident (its FIRING links, or the new link of an UPDATE), as durable work: the
 * links to follow (by digest; the full links live sealed in the link vault), what came of each, the link whose request
 * was sent but whose answer is not recorded yet, and the verification's verdict. Stored in the state database before
 * anything is done, and after every step, so that a restarted or succeeding instance finishes it exactly once.
 */
public final class RemediationRound implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where the round is: following its links, waiting for or running the verification purchase, or finished. */
    public enum Stage { FOLLOW_LINKS, VERIFY, DONE }

    private final String id;
    private final String incidentId;
    private final String key;
    private final List<String> recipients;
    /** The watch's template set; null in rounds stored before it existed, which use the shipped templates. */
    private final String templates;
    private final List<String> linkDigests;
    private final List<String> maskedLinks;
    private final List<RemediationResult> results = new ArrayList<>();
    private final List<String> answeredDigests = new ArrayList<>();
    private Stage stage = Stage.FOLLOW_LINKS;
    private String sendingDigest;
    private PurchaseVerdict verdict;

    /**
     * @param id          names the round: the incident and what started it
     * @param linkDigests the links to follow, by digest, in order
     * @param templates   the watch's template set for the round's emails; empty for the shipped one
     * @param maskedLinks the same links, api keys masked, for messages about a link the vault no longer has
     */
    public RemediationRound(String id, String incidentId, String key, List<String> recipients, String templates,
                            List<String> linkDigests, List<String> maskedLinks) {
        this.id = id;
        this.incidentId = incidentId;
        this.key = key;
        this.recipients = List.copyOf(recipients);
        this.templates = templates;
        this.linkDigests = List.copyOf(linkDigests);
        this.maskedLinks = List.copyOf(maskedLinks);
    }

    public String id() {
        return id;
    }

    public String incidentId() {
        return incidentId;
    }

    public String key() {
        return key;
    }

    public List<String> recipients() {
        return recipients;
    }

    public String templates() {
        return templates == null ? "" : templates;
    }

    public Stage stage() {
        return stage;
    }

    public void moveTo(Stage next) {
        stage = next;
    }

    /** The links still to try, by digest: not answered, and not the one whose request a crash interrupted. */
    public List<String> linksToTry() {
        return linkDigests.stream().filter(digest -> !answeredDigests.contains(digest)).toList();
    }

    /** Every link of the round, by digest. */
    public List<String> linkDigests() {
        return linkDigests;
    }

    /** The masked form of the link with that digest. */
    public String masked(String digest) {
        return maskedLinks.get(linkDigests.indexOf(digest));
    }

    /** The request for this link is about to be sent: recorded first, so a crash before its answer is known. */
    public void sending(String digest) {
        sendingDigest = digest;
    }

    /** The link whose request was sent but whose answer was never recorded, or null. */
    public String interruptedLink() {
        return sendingDigest;
    }

    public void answered(String digest, RemediationResult result) {
        if (!answeredDigests.contains(digest)) {
            answeredDigests.add(digest);
            results.add(result);
        }
        if (digest.equals(sendingDigest)) {
            sendingDigest = null;
        }
    }

    public List<RemediationResult> results() {
        return List.copyOf(results);
    }

    /** Whether any link was tried this round (not only links followed before). */
    public boolean triedAnything() {
        return results.stream().anyMatch(result -> result.outcome() != RemediationOutcome.FOLLOWED_BEFORE);
    }

    /** A link ended the problem, or may have (its answer was lost): then a purchase should tell. */
    public boolean worthVerifying() {
        return results.stream().map(RemediationResult::outcome)
                .anyMatch(outcome -> outcome.endedTheProblem() || outcome == RemediationOutcome.UNKNOWN);
    }

    public boolean outcomeUnknown() {
        return results.stream().anyMatch(result -> result.outcome() == RemediationOutcome.UNKNOWN);
    }

    public PurchaseVerdict verdict() {
        return verdict;
    }

    public void verified(PurchaseVerdict purchase) {
        verdict = purchase;
    }
}
