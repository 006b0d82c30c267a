package dev.logremediation.state;

import dev.logremediation.notify.Silence;
import dev.logremediation.notify.Silences;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The silences, table {@code silences}: one row each, shared by every instance and kept across restarts. */
public final class SilenceTable implements Silences {

    private static final String COLUMNS = "id, watch, incident_key, matching, starts_at, ends_at, reason, made_by,"
            + " remediation";
    private static final RowMapper<Silence> ROW = (row, n) -> new Silence(row.getString(1), row.getString(2),
            row.getString(3), row.getString(4), Instant.ofEpochMilli(row.getLong(5)),
            Instant.ofEpochMilli(row.getLong(6)), row.getString(7), row.getString(8), row.getBoolean(9));

    private final JdbcTemplate sql;

    SilenceTable(JdbcTemplate sql) {
        this.sql = sql;
    }

    static String createTable() {
        return "CREATE TABLE IF NOT EXISTS silences (id VARCHAR(64) NOT NULL PRIMARY KEY, watch VARCHAR(200) NOT NULL,"
                + " incident_key VARCHAR(400), matching VARCHAR(1000), starts_at BIGINT NOT NULL,"
                + " ends_at BIGINT NOT NULL, reason VARCHAR(1000) NOT NULL, made_by VARCHAR(200) NOT NULL,"
                + " remediation BOOLEAN NOT NULL)";
    }

    @Override
    public void add(Silence silence) {
        sql.update("INSERT INTO silences (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", silence.id(),
                silence.watch(), silence.key(), silence.matching(), silence.startsAt().toEpochMilli(),
                silence.endsAt().toEpochMilli(), silence.reason(), silence.by(), silence.remediation());
    }

    @Override
    public Optional<Silence> byId(String id) {
        return sql.query("SELECT " + COLUMNS + " FROM silences WHERE id = ?", ROW, id).stream().findFirst();
    }

    @Override
    public List<Silence> notEndedAt(Instant now) {
        return sql.query("SELECT " + COLUMNS + " FROM silences WHERE ends_at > ? ORDER BY starts_at, id", ROW,
                now.toEpochMilli());
    }

    @Override
    public boolean expire(String id, Instant now) {
        return sql.update("UPDATE silences SET ends_at = ? WHERE id = ? AND ends_at > ?", now.toEpochMilli(), id,
                now.toEpochMilli()) == 1;
    }
}
