package dev.logremediation.state;

import dev.logremediation.remediate.FollowBudget;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;

/**
 * The per-host budget of links followed in the last hour, in the state database: a restart, a crash loop or a
 * takeover cannot reset it and call the factory again and again. Only the leader follows links, so a count and an
 * insert need no lock between instances.
 */
public final class HostBudget implements FollowBudget {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final JdbcTemplate sql;
    private final Clock clock;

    HostBudget(JdbcTemplate sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    static String createTable() {
        return "CREATE TABLE IF NOT EXISTS link_follows (host VARCHAR(255) NOT NULL, followed_at BIGINT NOT NULL)";
    }

    @Override
    public synchronized boolean trySpend(String host, int maxPerHour) {
        if (spent(host, maxPerHour)) {
            return false;
        }
        long now = clock.millis();
        sql.update("DELETE FROM link_follows WHERE followed_at < ?", now - 24 * HOUR);
        sql.update("INSERT INTO link_follows (host, followed_at) VALUES (?, ?)", host, now);
        return true;
    }

    @Override
    public boolean spent(String host, int maxPerHour) {
        Integer recent = sql.queryForObject("SELECT COUNT(*) FROM link_follows WHERE host = ? AND followed_at > ?",
                Integer.class, host, clock.millis() - HOUR);
        return recent != null && recent >= maxPerHour;
    }
}
