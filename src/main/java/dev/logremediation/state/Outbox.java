package dev.logremediation.state;

import dev.logremediation.notify.OutgoingMessage;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.ObjectInputFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The persistent outbox of emails and channel messages, which is also the ledger of what was sent: the one retry
 * mechanism of everything the product tells people. A message is queued once per {@link OutgoingMessage#ledgerKey()},
 * claimed for a while by whoever delivers it, marked sent when SMTP or the channel's receiver accepted it, and
 * otherwise offered again after a backoff. So a crash or an outage of SMTP or a receiver loses no message and a
 * re-read of the same log lines queues none twice; a message whose hand-off a crash interrupted is sent again (an
 * email with the same Message-ID). A waiting message holds the resolution link in full: with state.link-key it rests
 * sealed, without one it rests with its links masked; a sent one keeps its key only.
 */
public final class Outbox {

    private static final ObjectInputFilter ONLY_MESSAGES = ObjectInputFilter.Config.createFilter(
            "dev.logremediation.notify.OutgoingEmail;dev.logremediation.notify.ChannelMessage;java.lang.*;java.util.*;!*");

    /** A sealed row starts with this byte; a plain one with Java serialization's 0xACED. */
    private static final byte SEALED = 1;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Outbox.class);

    private final JdbcTemplate sql;
    private final SealedLinks sealer;
    private final Clock clock;
    private final Duration claim;
    private final Duration firstRetry;
    private final Duration maxRetry;

    /**
     * @param claim      how long a delivery attempt may take before another may start
     * @param firstRetry the delay after the first failed attempt; it doubles up to {@code maxRetry}
     */
    Outbox(DataSource dataSource, SealedLinks sealer, Clock clock, Duration claim, Duration firstRetry,
                Duration maxRetry) {
        this.sql = new JdbcTemplate(dataSource);
        this.sealer = sealer;
        this.clock = clock;
        this.claim = claim;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    /** The column is named email since the outbox held only emails; a row holds either kind of message. */
    static String createTable(String blob) {
        return "CREATE TABLE IF NOT EXISTS outbox (id VARCHAR(64) NOT NULL PRIMARY KEY, email " + blob + " NOT NULL,"
                + " queued_at BIGINT NOT NULL, attempts INT NOT NULL, next_attempt_at BIGINT NOT NULL,"
                + " sent_at BIGINT, last_error VARCHAR(500))";
    }

    /**
     * The columns of held messages (added to a table made before silences existed): the silence that holds a message
     * and the incident it tells of, each indexed since every incident event and every release check asks by them. A
     * held message waits, never due, until {@link #release} or {@link #dropHeld}.
     */
    static List<String> holdingSchema() {
        return List.of("ALTER TABLE outbox ADD COLUMN IF NOT EXISTS held_by VARCHAR(400)",
                "ALTER TABLE outbox ADD COLUMN IF NOT EXISTS held_incident VARCHAR(400)",
                "CREATE INDEX IF NOT EXISTS outbox_held_by ON outbox (held_by)",
                "CREATE INDEX IF NOT EXISTS outbox_held_incident ON outbox (held_incident)");
    }

    /** Messages of an incident that a silence held, released when it ended. */
    public record Released(String incidentId, String silenceId, int messages) {
    }

    /** Queues the message, claimed for the caller's immediate attempt; false when its key was queued before. */
    public boolean enqueue(OutgoingMessage email) {
        long now = clock.millis();
        try {
            return sql.update("INSERT INTO outbox (id, email, queued_at, attempts, next_attempt_at) VALUES (?, ?, ?, 0, ?)",
                    email.ledgerKey(), store(email), now, now + claim.toMillis()) == 1;
        } catch (org.springframework.dao.DuplicateKeyException alreadyQueued) {
            return false;
        }
    }

    /**
     * Queues the message held by a silence: kept (sealed, like any waiting message) and not sent until the silence
     * ends; false when its key was queued before.
     */
    public boolean hold(OutgoingMessage message, String silenceId, String incidentId) {
        try {
            return sql.update("INSERT INTO outbox (id, email, queued_at, attempts, next_attempt_at, held_by,"
                    + " held_incident) VALUES (?, ?, ?, 0, ?, ?, ?)", message.ledgerKey(), store(message),
                    clock.millis(), Long.MAX_VALUE, silenceId, incidentId) == 1;
        } catch (org.springframework.dao.DuplicateKeyException alreadyQueued) {
            return false;
        }
    }

    /** The silence holding messages of this incident, or null when none is held. */
    public String heldBy(String incidentId) {
        return sql.queryForList("SELECT held_by FROM outbox WHERE held_incident = ? AND held_by IS NOT NULL"
                + " AND sent_at IS NULL", String.class, incidentId).stream().findFirst().orElse(null);
    }

    /** The incident resolved while silenced: its held messages are never sent (their keys stay, their bodies go). */
    public void dropHeld(String incidentId) {
        sql.update("UPDATE outbox SET held_by = NULL, email = ?, last_error = ? WHERE held_incident = ?"
                + " AND held_by IS NOT NULL AND sent_at IS NULL", new byte[0], "resolved while silenced: not sent",
                incidentId);
    }

    /**
     * Gives up the messages with these keys that are not sent yet (waiting for a retry, or held): an acknowledgement
     * makes its incident's pending reminders and escalations moot. Their keys stay, so they are never queued again.
     *
     * @return how many were given up
     */
    public int dropUnsent(List<String> ledgerKeys, String because) {
        int dropped = 0;
        for (String key : ledgerKeys) {
            dropped += sql.update("UPDATE outbox SET held_by = NULL, email = ?, next_attempt_at = ?, last_error = ?"
                    + " WHERE id = ? AND sent_at IS NULL", new byte[0], Long.MAX_VALUE, because, key);
        }
        return dropped;
    }

    /**
     * Makes the messages held by silences no longer going on due now, for outbox-retry to deliver once each (the
     * incident still fires: a resolved one's were dropped).
     *
     * @param activeSilences the ids of the silences going on now
     */
    public List<Released> release(java.util.Set<String> activeSilences) {
        List<Released> released = new java.util.ArrayList<>();
        sql.query("SELECT DISTINCT held_by, held_incident FROM outbox WHERE held_by IS NOT NULL AND sent_at IS NULL",
                (row, n) -> Map.entry(row.getString(1), row.getString(2))).stream()
                .filter(held -> !activeSilences.contains(held.getKey())).forEach(held -> {
                    int messages = sql.update("UPDATE outbox SET held_by = NULL, next_attempt_at = ? WHERE held_by = ?"
                            + " AND held_incident = ? AND sent_at IS NULL", clock.millis(), held.getKey(),
                            held.getValue());
                    if (messages > 0) {
                        released.add(new Released(held.getValue(), held.getKey(), messages));
                    }
                });
        return released;
    }

    /**
     * Messages whose attempt is due, each claimed by this call so that no other attempt starts meanwhile. A row that
     * cannot be read back (damaged, or sealed under another state.link-key) is set aside with one ERROR line.
     */
    public List<OutgoingMessage> claimDue() {
        long now = clock.millis();
        List<String> due = sql.queryForList("SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ?"
                + " ORDER BY queued_at", String.class, now);
        List<OutgoingMessage> claimed = new java.util.ArrayList<>();
        for (String id : due) {
            if (sql.update("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND next_attempt_at <= ?"
                    + " AND sent_at IS NULL", now + claim.toMillis(), id, now) != 1) {
                continue;
            }
            try {
                claimed.add(read(id, sql.queryForObject("SELECT email FROM outbox WHERE id = ?", byte[].class, id)));
            } catch (IllegalStateException unreadable) {
                LOG.error("A message in the outbox cannot be read back ({}); it is set aside and not sent",
                        unreadable.getMessage());
                sql.update("UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?", Long.MAX_VALUE,
                        "cannot be read back", id);
            }
        }
        return claimed;
    }

    /** Only the key stays: the message held the link with its api key, which must not rest in state.dir. */
    public void markSent(OutgoingMessage email) {
        sql.update("UPDATE outbox SET sent_at = ?, last_error = NULL, email = ? WHERE id = ?", clock.millis(),
                new byte[0], email.ledgerKey());
    }

    /** The attempt failed: offer it again after a backoff that doubles with every attempt. */
    public void markFailed(OutgoingMessage email, String error) {
        Integer attempts = sql.queryForObject("SELECT attempts FROM outbox WHERE id = ?", Integer.class,
                email.ledgerKey());
        int tried = attempts == null ? 1 : attempts + 1;
        long delay = Math.min(maxRetry.toMillis(), firstRetry.toMillis() << Math.min(tried - 1, 20));
        String oneLine = error == null ? "" : error.replaceAll("\\s+", " ");
        sql.update("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?", tried,
                clock.millis() + delay, oneLine.length() > 500 ? oneLine.substring(0, 500) : oneLine,
                email.ledgerKey());
    }


    /** A message waiting to be sent holds the full link: with a link key it rests sealed, like the links themselves. */
    private byte[] store(OutgoingMessage email) {
        if (!sealer.sealing()) {
            // without a key no link rests in full: a retry after a failed first attempt shows the links masked
            return StoredObjects.serialize(email.masked());
        }
        byte[] plain = StoredObjects.serialize(email);
        byte[] sealed = sealer.seal("outbox|" + email.ledgerKey(), plain);
        return java.nio.ByteBuffer.allocate(1 + sealed.length).put(SEALED).put(sealed).array();
    }

    private OutgoingMessage read(String id, byte[] stored) {
        if (stored.length == 0 || stored[0] != SEALED) {
            return StoredObjects.deserialize(stored, OutgoingMessage.class, ONLY_MESSAGES);
        }
        return StoredObjects.deserialize(sealer.unseal("outbox|" + id, java.util.Arrays.copyOfRange(stored, 1,
                stored.length)).orElseThrow(() -> new IllegalStateException("An outbox message sealed under another"
                + " state.link-key cannot be opened: " + id)), OutgoingMessage.class, ONLY_MESSAGES);
    }
}
