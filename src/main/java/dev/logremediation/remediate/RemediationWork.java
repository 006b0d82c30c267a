package dev.logremediation.remediate;

import dev.logremediation.detect.Fingerprint;
import dev.logremediation.detect.SecretMasker;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.LinkVault;
import dev.logremediation.notify.OutgoingEmail;
import dev.logremediation.notify.RemediationEmail;
import dev.logremediation.notify.RemediationSummary;
import dev.logremediation.report.IncidentLedger;
import dev.logremediation.state.RemediationActions;
import dev.logremediation.verify.PurchaseVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a remediation round, called in turn by routes/remediate.camel.yaml: plan the round (a row in the state
 * database before anything is done), take the due ones, decide and record each link, then verify and tell on-call.
 * Every step saves the round, so a crash, a restart or a takeover continues where it stopped: a link whose request
 * was sent but whose answer was not recorded is never sent again, its outcome is UNKNOWN, and a purchase decides.
 */
public final class RemediationWork {

    private static final Logger LOG = LoggerFactory.getLogger(RemediationWork.class);
    private static final Duration FIRST_STEP_DELAY = Duration.ofSeconds(1);

    private final RemediationActions actions;
    private final LinkVault vault;
    private final LinkPolicy policy;
    private final IncidentLedger ledger;
    private final RemediationAudit audit;
    private final RemediationEmail emails;
    private final boolean verificationEnabled;
    private final Duration verificationDelay;

    public RemediationWork(RemediationActions actions, LinkVault vault, LinkPolicy policy, IncidentLedger ledger,
                           RemediationAudit audit, RemediationEmail emails, boolean verificationEnabled,
                           Duration verificationDelay) {
        this.actions = actions;
        this.vault = vault;
        this.policy = policy;
        this.ledger = ledger;
        this.audit = audit;
        this.emails = emails;
        this.verificationEnabled = verificationEnabled;
        this.verificationDelay = verificationDelay;
    }

    /** Writes the round for the links this event brings (all of a FIRING's, the new one of an UPDATE). */
    public boolean plan(IncidentEvent event) {
        List<String> links = event.linksToFollow();
        if (links.isEmpty()) {
            return false;
        }
        // the incident put every link it saw in the vault; a link it shows masked (seen before a restart without
        // state.link-key) has no full form there, and its round says so instead of following a masked URL
        List<String> digests = links.stream().map(Fingerprint::of).toList();
        String trigger = event.kind() == IncidentEvent.Kind.FIRING ? "firing" : "update-" + digests.get(0);
        RemediationRound round = new RemediationRound(event.incidentId() + "|" + trigger, event.incidentId(),
                event.key(), event.watch().recipients(), event.watch().templates(), digests,
                links.stream().map(SecretMasker::mask).toList());
        // due a moment later: the email that announces it goes out first
        return actions.plan(round, FIRST_STEP_DELAY);
    }

    /**
     * The rounds whose next step is due, claimed. A round that a crash interrupted between a link's request and its
     * answer gets that link's outcome now: UNKNOWN, since the request may have reached the factory.
     */
    public List<RemediationRound> claimDue() {
        List<RemediationRound> due = new ArrayList<>();
        for (RemediationRound round : actions.claimDue()) {
            String interrupted = round.interruptedLink();
            if (interrupted != null) {
                LOG.warn("Incident {}: the request to {} was sent before a restart and its answer was not recorded;"
                        + " it is not sent again, a verification purchase decides", round.incidentId(),
                        round.masked(interrupted));
                answered(round, interrupted, new RemediationResult(round.masked(interrupted),
                        RemediationOutcome.UNKNOWN, 0, "request sent, answer not recorded (the product stopped)",
                        Instant.now()));
            }
            due.add(round);
        }
        return due;
    }

    /** Whether the link may be followed; a link no longer known in full (no state.link-key) cannot be. */
    public LinkDecision decide(RemediationRound round, String digest) {
        return vault.find(digest).map(policy::decide).orElseGet(() -> new LinkDecision(round.masked(digest),
                round.masked(digest), false, "the full link was not kept across a restart or takeover: set "
                + "state.link-key (STATE_LINK_KEY or state.link-key-file) so that links survive one"));
    }

    /** Counts the link against its host's hourly budget (kept in the state database). */
    public LinkDecision spend(LinkDecision decision) {
        return policy.spend(decision);
    }

    /** Recorded before the request goes out, so that a crash before its answer is known afterwards. */
    public void sending(RemediationRound round, String digest) {
        round.sending(digest);
        actions.checkpoint(round);
    }

    /** Records what came of one link: in the round, the incident's timeline and the audit file. */
    public void answered(RemediationRound round, String digest, RemediationResult result) {
        round.answered(digest, result);
        actions.checkpoint(round);
        if (result.outcome() != RemediationOutcome.FOLLOWED_BEFORE) {
            ledger.noteLink(round.incidentId(), round.id() + "|link|" + digest, result);
            audit.record(round.incidentId(), result);
        }
    }

    /** After the links: whether the round goes on to a verification purchase. */
    public boolean goesOnToVerify(RemediationRound round) {
        return verificationEnabled && round.triedAnything() && round.worthVerifying();
    }

    /** What on-call is told once the links are done: the outcome, or that the outcome is unknown and a purchase decides. */
    public List<OutgoingEmail> emailsAfterLinks(RemediationRound round) {
        if (!round.triedAnything()) {
            return List.of(); // every link was followed before: nothing new to tell
        }
        if (goesOnToVerify(round)) {
            return round.outcomeUnknown() ? List.of(emails.renderUnknown(summary(round, List.of()))) : List.of();
        }
        return List.of(outcomeEmail(round));
    }

    /** The links are done (and their emails queued): wait for the verification, or finish. */
    public void linksDone(RemediationRound round) {
        if (goesOnToVerify(round)) {
            round.moveTo(RemediationRound.Stage.VERIFY);
            actions.save(round, verificationDelay);
        } else {
            finish(round);
        }
    }

    /** Records the purchase's verdict before anything is said about it. */
    public void verified(RemediationRound round, PurchaseVerdict verdict) {
        round.verified(verdict);
        actions.checkpoint(round);
        ledger.noteVerification(round.incidentId(), round.id() + "|verification", verdict);
    }

    /** The email with the round's outcome: what each link did, and the purchase's verdict when one ran. */
    public OutgoingEmail outcomeEmail(RemediationRound round) {
        return emails.render(summary(round, round.linkDigests().stream()
                .map(digest -> vault.lookup(digest, round.masked(digest))).toList()));
    }

    /** The round as its emails tell it. */
    public static RemediationSummary summary(RemediationRound round, List<String> links) {
        PurchaseVerdict verdict = round.verdict();
        return new RemediationSummary(round.id(), round.incidentId(), round.key(), round.recipients(),
                round.templates(), round.results().stream().map(result -> new RemediationSummary.LinkTried(
                        result.outcome().name(), result.outcome().endedTheProblem(), result.maskedLink(),
                        result.detail())).toList(),
                verdict == null ? null : new RemediationSummary.Verification(verdict.passed(),
                        verdict.reason() == PurchaseVerdict.Reason.DISABLED, verdict.reason().name(), verdict.detail(),
                        verdict.steps().stream().map(step -> new RemediationSummary.Step(step.method(), step.path(),
                                step.status(), step.latencyMillis())).toList()),
                links);
    }

    public void finish(RemediationRound round) {
        round.moveTo(RemediationRound.Stage.DONE);
        actions.save(round, Duration.ZERO);
    }

    /** A step failed (the database, the shop): the round is tried again after a backoff. */
    public void failed(RemediationRound round, String error) {
        actions.failed(round, error);
    }

    /** What waits, for the health check and the metrics. */
    public RemediationActions.Backlog backlog() {
        return actions.backlog();
    }
}
