package dev.logremediation.state;

import dev.logremediation.remediate.RemediationRound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.ObjectInputFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Remediation rounds as durable work, like the email outbox: a row is written before anything is done, claimed with a
 * lease by whoever works on it (only the leader does), saved after every step, retried with backoff when a step
 * fails, and finished once. A row that cannot be read back is set aside with one ERROR line, never retried.
 */
public final class RemediationActions {

    private static final Logger LOG = LoggerFactory.getLogger(RemediationActions.class);
    private static final ObjectInputFilter ONLY_ROUNDS = ObjectInputFilter.Config.createFilter(
            "dev.logremediation.remediate.*;dev.logremediation.verify.*;java.lang.*;java.util.*;java.time.*;!*");
    private static final String UNREADABLE = "UNREADABLE";

    private final JdbcTemplate sql;
    private final Clock clock;
    private final Duration lease;
    private final Duration firstRetry;
    private final Duration maxRetry;

    /**
     * @param lease      how long one step (a link, a purchase) may take before another attempt may start
     * @param firstRetry the delay after a failed step; it doubles up to {@code maxRetry}
     */
    RemediationActions(DataSource dataSource, Clock clock, Duration lease, Duration firstRetry, Duration maxRetry) {
        this.sql = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.lease = lease;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    static String createTable(String blob) {
        return "CREATE TABLE IF NOT EXISTS actions (id VARCHAR(400) NOT NULL PRIMARY KEY, incident_id VARCHAR(400) NOT NULL,"
                + " stage VARCHAR(16) NOT NULL, round " + blob + " NOT NULL, created_at BIGINT NOT NULL,"
                + " attempts INT NOT NULL, next_attempt_at BIGINT NOT NULL, finished_at BIGINT, last_error VARCHAR(500))";
    }

    /**
     * Writes the round, due after {@code delay}; false when a round of that id was planned before (a re-read of the
     * same lines).
     */
    public boolean plan(RemediationRound round, Duration delay) {
        long now = clock.millis() + delay.toMillis();
        try {
            return sql.update("INSERT INTO actions (id, incident_id, stage, round, created_at, attempts, next_attempt_at)"
                    + " VALUES (?, ?, ?, ?, ?, 0, ?)", round.id(), round.incidentId(), round.stage().name(),
                    StoredObjects.serialize(round), now, now) == 1;
        } catch (DuplicateKeyException plannedBefore) {
            return false;
        }
    }

    /** Rounds whose next step is due, each claimed by this call for one lease. */
    public List<RemediationRound> claimDue() {
        long now = clock.millis();
        List<String> due = sql.queryForList("SELECT id FROM actions WHERE finished_at IS NULL AND stage <> ?"
                + " AND next_attempt_at <= ? ORDER BY created_at", String.class, UNREADABLE, now);
        List<RemediationRound> claimed = new ArrayList<>();
        for (String id : due) {
            if (sql.update("UPDATE actions SET next_attempt_at = ? WHERE id = ? AND next_attempt_at <= ?"
                    + " AND finished_at IS NULL", now + lease.toMillis(), id, now) != 1) {
                continue;
            }
            byte[] data = sql.queryForObject("SELECT round FROM actions WHERE id = ?", byte[].class, id);
            try {
                claimed.add(StoredObjects.deserialize(data, RemediationRound.class, ONLY_ROUNDS));
            } catch (IllegalStateException unreadable) { // damaged, or written by an incompatible version
                LOG.error("Remediation action {} cannot be read back ({}); it is set aside and not retried: finish that"
                        + " incident's remediation by hand", id, unreadable.getMessage());
                sql.update("UPDATE actions SET stage = ?, last_error = ? WHERE id = ?", UNREADABLE,
                        oneLine(unreadable.getMessage()), id);
            }
        }
        return claimed;
    }

    /** Saves the round after a step; its next step is due after {@code delay} (the claim ends). */
    public void save(RemediationRound round, Duration delay) {
        boolean done = round.stage() == RemediationRound.Stage.DONE;
        long now = clock.millis();
        sql.update("UPDATE actions SET stage = ?, round = ?, next_attempt_at = ?, finished_at = ?, last_error = NULL"
                        + " WHERE id = ?", round.stage().name(), StoredObjects.serialize(round), now + delay.toMillis(),
                done ? now : null, round.id());
    }

    /** Records the round's state so far (a link's answer) while keeping the claim. */
    public void checkpoint(RemediationRound round) {
        sql.update("UPDATE actions SET stage = ?, round = ? WHERE id = ?", round.stage().name(),
                StoredObjects.serialize(round), round.id());
    }

    /** A step failed: try it again after a backoff that doubles with every attempt. */
    public void failed(RemediationRound round, String error) {
        Integer attempts = sql.queryForObject("SELECT attempts FROM actions WHERE id = ?", Integer.class, round.id());
        int tried = attempts == null ? 1 : attempts + 1;
        long delay = Math.min(maxRetry.toMillis(), firstRetry.toMillis() << Math.min(tried - 1, 20));
        sql.update("UPDATE actions SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?", tried,
                clock.millis() + delay, oneLine(error), round.id());
    }

    /** What waits: unfinished rounds, those whose last step failed (or cannot be read), and the oldest one's age. */
    public Backlog backlog() {
        Map<String, Object> row = sql.queryForMap("SELECT COUNT(*) AS waiting,"
                + " SUM(CASE WHEN last_error IS NOT NULL THEN 1 ELSE 0 END) AS failing, MIN(created_at) AS oldest"
                + " FROM actions WHERE finished_at IS NULL");
        long waiting = ((Number) row.get("waiting")).longValue();
        Number failing = (Number) row.get("failing");
        Number oldest = (Number) row.get("oldest");
        return new Backlog(waiting, failing == null ? 0 : failing.longValue(),
                oldest == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - oldest.longValue())));
    }

    /**
     * @param waiting rounds not finished
     * @param failing of those, the ones whose last step failed or whose row cannot be read
     * @param oldest  how long the oldest unfinished round has waited
     */
    public record Backlog(long waiting, long failing, Duration oldest) {
    }

    private static String oneLine(String error) {
        String line = error == null ? "" : error.replaceAll("\\s+", " ");
        return line.length() > 500 ? line.substring(0, 500) : line;
    }
}
