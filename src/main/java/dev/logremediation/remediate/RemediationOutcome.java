package dev.logremediation.remediate;

/** What following a resolution link achieved, read from the factory's answer. */
public enum RemediationOutcome {
    /** The factory ended the chaos ("Problem resolved", or the older "Chaos resolved"). */
    RESOLVED,
    /** No chaos was running ("No chaos currently executing"): harmless, but proves nothing about the fix. */
    ALREADY_RESOLVED,
    /** The link is stale or wrong ("Problem unresolved"): the problem goes on. */
    STALE_LINK,
    /** The policy did not allow following it. */
    REFUSED_BY_POLICY,
    /** Any other answer, a timeout or a connection failure. */
    FAILED,
    /** The request was sent, but the product stopped before it recorded the answer: only a purchase can tell. */
    UNKNOWN,
    /** Followed before, for an earlier incident or round: links are followed at most once, so not again. */
    FOLLOWED_BEFORE;

    public boolean endedTheProblem() {
        return this == RESOLVED || this == ALREADY_RESOLVED;
    }
}
