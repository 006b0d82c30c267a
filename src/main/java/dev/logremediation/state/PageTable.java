package dev.logremediation.state;

import dev.logremediation.oncall.Page;
import dev.logremediation.oncall.Pages;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The pages of the on-call loop, table {@code pages}: one row per incident that paged someone, shared by every
 * instance and kept across restarts, so reminders and escalations neither stop nor repeat after a crash or a
 * takeover. Times are epoch milliseconds; a due reminder or escalation is claimed with {@code claimed_until}.
 */
public final class PageTable implements Pages {

    private static final String COLUMNS = "incident_id, watch, incident_key, thread_digest, recipients, rotations,"
            + " fired_at, started_at, reminders, escalations, next_reminder_at, next_escalation_at, acknowledged_by,"
            + " acknowledged_at, acknowledged_via, ended_at, ended_because";
    private static final RowMapper<Page> ROW = (row, n) -> new Page(row.getString(1), row.getString(2),
            row.getString(3), row.getString(4), list(row.getString(5)), list(row.getString(6)), instant(row, 7),
            instant(row, 8), row.getInt(9), row.getInt(10), instant(row, 11), instant(row, 12), row.getString(13),
            instant(row, 14), row.getString(15), instant(row, 16), row.getString(17));

    private final JdbcTemplate sql;

    PageTable(JdbcTemplate sql) {
        this.sql = sql;
    }

    static List<String> createTable() {
        return List.of("CREATE TABLE IF NOT EXISTS pages (incident_id VARCHAR(400) NOT NULL PRIMARY KEY,"
                + " watch VARCHAR(200) NOT NULL, incident_key VARCHAR(400) NOT NULL, thread_digest VARCHAR(64) NOT NULL,"
                + " recipients VARCHAR(4000) NOT NULL, rotations VARCHAR(1000) NOT NULL, fired_at BIGINT NOT NULL,"
                + " started_at BIGINT, reminders INT NOT NULL, escalations INT NOT NULL, next_reminder_at BIGINT,"
                + " next_escalation_at BIGINT, acknowledged_by VARCHAR(400), acknowledged_at BIGINT,"
                + " acknowledged_via VARCHAR(100), ended_at BIGINT, ended_because VARCHAR(400),"
                + " claimed_until BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS pages_thread ON pages (thread_digest)");
    }

    @Override
    public boolean open(Page page) {
        try {
            return sql.update("INSERT INTO pages (" + COLUMNS + ", claimed_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0,"
                    + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0)", page.incidentId(), page.watch(), page.key(),
                    page.threadDigest(), String.join(",", page.recipients()), String.join(",", page.rotations()),
                    page.firedAt().toEpochMilli(), millis(page.startedAt())) == 1;
        } catch (DuplicateKeyException pagedBefore) {
            return false;
        }
    }

    @Override
    public Optional<Page> byIncident(String incidentId) {
        return sql.query("SELECT " + COLUMNS + " FROM pages WHERE incident_id = ?", ROW, incidentId).stream()
                .findFirst();
    }

    @Override
    public Optional<Page> byThread(String threadDigest) {
        return sql.query("SELECT " + COLUMNS + " FROM pages WHERE thread_digest = ? ORDER BY fired_at DESC", ROW,
                threadDigest).stream().findFirst();
    }

    @Override
    public boolean start(String incidentId, Instant at, Instant nextReminderAt, Instant nextEscalationAt) {
        return sql.update("UPDATE pages SET started_at = ?, next_reminder_at = ?, next_escalation_at = ?"
                + " WHERE incident_id = ? AND started_at IS NULL AND ended_at IS NULL", at.toEpochMilli(),
                millis(nextReminderAt), millis(nextEscalationAt), incidentId) == 1;
    }

    @Override
    public boolean acknowledge(String incidentId, String by, String via, Instant at) {
        return sql.update("UPDATE pages SET acknowledged_by = ?, acknowledged_at = ?, acknowledged_via = ?,"
                + " ended_at = ?, ended_because = ? WHERE incident_id = ? AND ended_at IS NULL", by, at.toEpochMilli(),
                via, at.toEpochMilli(), Page.ACKNOWLEDGED_BY + by, incidentId) == 1;
    }

    @Override
    public boolean end(String incidentId, String because, Instant at) {
        if (sql.update("UPDATE pages SET ended_at = ?, ended_because = ? WHERE incident_id = ? AND ended_at IS NULL",
                at.toEpochMilli(), because, incidentId) == 1) {
            return true;
        }
        // acknowledged before: its loop had stopped, but its links expire now (the acknowledgement stays recorded)
        sql.update("UPDATE pages SET ended_because = ? WHERE incident_id = ? AND ended_because LIKE ?",
                because, incidentId, Page.ACKNOWLEDGED_BY + "%");
        return false;
    }

    @Override
    public List<Page> claimDue(Instant now, Instant claimUntil) {
        long at = now.toEpochMilli();
        List<String> due = sql.queryForList("SELECT incident_id FROM pages WHERE ended_at IS NULL"
                + " AND started_at IS NOT NULL AND claimed_until <= ? AND (next_reminder_at <= ?"
                + " OR next_escalation_at <= ?) ORDER BY fired_at", String.class, at, at, at);
        List<Page> claimed = new ArrayList<>();
        for (String id : due) {
            if (sql.update("UPDATE pages SET claimed_until = ? WHERE incident_id = ? AND claimed_until <= ?"
                    + " AND ended_at IS NULL", claimUntil.toEpochMilli(), id, at) == 1) {
                byIncident(id).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    @Override
    public void advance(Page page) {
        sql.update("UPDATE pages SET recipients = ?, rotations = ?, reminders = ?, escalations = ?,"
                + " next_reminder_at = ?, next_escalation_at = ?, claimed_until = 0 WHERE incident_id = ?"
                + " AND ended_at IS NULL", String.join(",", page.recipients()), String.join(",", page.rotations()),
                page.reminders(), page.escalations(), millis(page.nextReminderAt()), millis(page.nextEscalationAt()),
                page.incidentId());
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }
}
