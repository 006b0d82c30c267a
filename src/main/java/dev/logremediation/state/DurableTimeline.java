package dev.logremediation.state;

import dev.logremediation.report.Timeline;
import dev.logremediation.report.TimelineEntry;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;

/**
 * Each incident's timeline in the state database, so that a report written after a restart or a takeover lists every
 * action taken before it, once (entries are keyed). Details are masked before they get here: no secret is stored.
 */
public final class DurableTimeline implements Timeline {

    private final JdbcTemplate sql;

    DurableTimeline(JdbcTemplate sql) {
        this.sql = sql;
    }

    static String createTable() {
        return "CREATE TABLE IF NOT EXISTS timeline (entry_key VARCHAR(600) NOT NULL PRIMARY KEY,"
                + " incident_id VARCHAR(400) NOT NULL, at_millis BIGINT NOT NULL, at_nanos INT NOT NULL,"
                + " event VARCHAR(100) NOT NULL, detail VARCHAR(2000) NOT NULL)";
    }

    @Override
    public void add(String incidentId, String entryKey, TimelineEntry entry) {
        String detail = entry.detail().length() > 2000 ? entry.detail().substring(0, 2000) : entry.detail();
        try {
            sql.update("INSERT INTO timeline (entry_key, incident_id, at_millis, at_nanos, event, detail)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", incidentId + "|" + entryKey, incidentId,
                    entry.at().toEpochMilli(), entry.at().getNano() % 1_000_000, entry.event(), detail);
        } catch (DuplicateKeyException keptBefore) {
            // the same step again, after a crash or a re-read: listed once
        }
    }

    @Override
    public List<TimelineEntry> of(String incidentId) {
        return sql.query("SELECT at_millis, at_nanos, event, detail FROM timeline WHERE incident_id = ?"
                        + " ORDER BY at_millis, at_nanos, entry_key",
                (row, n) -> new TimelineEntry(Instant.ofEpochMilli(row.getLong(1)).plusNanos(row.getInt(2)),
                        row.getString(3), row.getString(4)), incidentId);
    }
}
