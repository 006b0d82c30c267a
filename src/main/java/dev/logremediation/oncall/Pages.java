package dev.logremediation.oncall;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where pages live (state/PageTable: the state database, shared by every instance and kept across restarts).
 * Declared here, by its user. Every change is conditional on the row's state, so two instances, or a retry after a
 * crash, change a page once.
 */
public interface Pages {

    /** Writes a new page; false when the incident has one (a re-read of the same lines). */
    boolean open(Page page);

    Optional<Page> byIncident(String incidentId);

    /** The page whose thread's Message-IDs carry this digest. */
    Optional<Page> byThread(String threadDigest);

    /** The FIRING email went out: the page's timers run from now on; false when it had started or ended. */
    boolean start(String incidentId, Instant at, Instant nextReminderAt, Instant nextEscalationAt);

    /** Records the acknowledgement and stops the loop; false when it was acknowledged or had ended. */
    boolean acknowledge(String incidentId, String by, String via, Instant at);

    /** Stops the loop; false when it had stopped. */
    boolean end(String incidentId, String because, Instant at);

    /**
     * Pages with a reminder or an escalation due at {@code now}, each claimed until {@code claimUntil}, so that no
     * other instance or tick takes it meanwhile.
     */
    List<Page> claimDue(Instant now, Instant claimUntil);

    /**
     * A reminder was sent or an escalation level reached: writes the page's counts, next times, recipients and
     * rotations, and frees the claim (unless the loop ended meanwhile).
     */
    void advance(Page page);
}
