package dev.logremediation.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logremediation.loki.Cursors;
import dev.logremediation.loki.DeliveredLines;
import dev.logremediation.loki.LineIdentity;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps each watch's Loki cursor and the identities at it in the state database's {@code cursors} table, so a
 * restart, or another instance taking over, neither re-alerts old lines nor skips new ones.
 *
 * <p>Each row has a version. A poll starts from the stored row when its version is not the one this instance last
 * read or wrote (another instance polled meanwhile), and a save that finds another version refuses, so two instances
 * never move one cursor over each other.
 */
public final class CursorStore implements Cursors {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A cursor as this instance last read or wrote it; version 0: not stored yet. {@code saved}: written by this
     * instance since it was read, so the copy in memory is still the stored one.
     */
    private record Known(DeliveredLines lines, long version, boolean saved) {
    }

    private final JdbcTemplate sql;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private Consumer<String> takenOver = watch -> { };

    /** @param sql the state database; null keeps cursors in memory only (a batch run over a fixed window) */
    CursorStore(JdbcTemplate sql) {
        this.sql = sql;
    }

    /** In memory only: a batch over a fixed window neither reads nor moves the stored cursors. */
    public static CursorStore inMemory() {
        return new CursorStore(null);
    }

    /** Called with the watch's name when its stored cursor was moved by another instance since this one polled. */
    public void onTakenOver(Consumer<String> listener) {
        this.takenOver = listener;
    }

    /**
     * The cursor a poll starts from. Read again from the database when another instance has moved it, and when the
     * previous poll did not save it: that poll failed, and the lines it marked as delivered must be read again.
     */
    @Override
    public DeliveredLines get(String watch) {
        Known mine = known.get(watch);
        if (sql == null) {
            return known.computeIfAbsent(watch, w -> new Known(DeliveredLines.none(), 0, true)).lines();
        }
        Long stored = sql.query("SELECT version FROM cursors WHERE watch = ?",
                rows -> rows.next() ? rows.getLong(1) : null, watch);
        Known reading = mine != null && mine.saved() && stored != null && mine.version() == stored ? mine
                : stored == null ? new Known(DeliveredLines.none(), 0, false) : load(watch);
        known.put(watch, new Known(reading.lines(), reading.version(), false));
        if (mine != null && stored != null && mine.version() != stored) {
            takenOver.accept(watch);
        }
        return reading.lines();
    }

    /** Stores the cursor after a poll handed every page on; refuses if another instance moved it meanwhile. */
    @Override
    public void save(String watch, DeliveredLines lines) {
        if (sql == null) {
            known.put(watch, new Known(lines, 0, true));
            return;
        }
        Known mine = known.get(watch);
        // another version was read meanwhile: this poll's lines are not what is stored
        long version = mine == null || mine.lines() != lines ? -1 : mine.version();
        String state = json(lines);
        boolean saved;
        if (version == 0) {
            try {
                saved = sql.update("INSERT INTO cursors (watch, state, version) VALUES (?, ?, 1)", watch, state) == 1;
            } catch (DuplicateKeyException e) {
                saved = false;
            }
        } else {
            saved = sql.update("UPDATE cursors SET state = ?, version = version + 1 WHERE watch = ? AND version = ?",
                    state, watch, version) == 1;
        }
        if (!saved) {
            known.remove(watch);
            throw new IllegalStateException("The Loki cursor of watch " + watch + " was moved by another instance"
                    + " while this one polled (two active pollers: check the cluster settings); the next poll"
                    + " continues from the stored cursor");
        }
        known.put(watch, new Known(lines, version + 1, true));
    }

    private Known load(String watch) {
        return sql.query("SELECT state, version FROM cursors WHERE watch = ?", rows -> {
            rows.next();
            return new Known(parse(watch, rows.getString(1)), rows.getLong(2), false);
        }, watch);
    }

    private static String json(DeliveredLines lines) {
        ObjectNode root = JSON.createObjectNode();
        root.put("cursorNanos", lines.cursorNanos());
        root.put("horizonNanos", lines.horizonNanos());
        ArrayNode ids = root.putArray("identities");
        for (LineIdentity id : lines.identities()) {
            ids.addArray().add(id.timestampNanos()).add(id.hashA()).add(id.hashB());
        }
        return root.toString();
    }

    private static DeliveredLines parse(String watch, String state) {
        try {
            JsonNode root = JSON.readTree(state);
            Set<LineIdentity> ids = new HashSet<>();
            for (JsonNode id : root.path("identities")) {
                ids.add(new LineIdentity(id.get(0).asLong(), id.get(1).asLong(), id.get(2).asLong()));
            }
            return new DeliveredLines(root.path("cursorNanos").asLong(), root.path("horizonNanos").asLong(), ids);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("The stored Loki cursor of watch " + watch + " is unreadable ("
                    + e.getMessage() + "): delete its row from the cursors table to start the watch from now", e);
        }
    }

    static String createTable(String text) {
        return "CREATE TABLE IF NOT EXISTS cursors (watch VARCHAR(255) NOT NULL, state " + text
                + " NOT NULL, version BIGINT NOT NULL, CONSTRAINT cursors_pk PRIMARY KEY (watch))";
    }
}
