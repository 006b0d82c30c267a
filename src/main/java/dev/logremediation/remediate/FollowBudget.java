package dev.logremediation.remediate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The per-host budget of links followed in the last hour (remediation.max-per-hour). */
public interface FollowBudget {

    /** Counts one follow against the host's budget; false, counting nothing, when the budget is spent. */
    boolean trySpend(String host, int maxPerHour);

    /** A budget in memory, for a batch over a fixed window (the live product keeps it in the state database). */
    static FollowBudget inMemory(Clock clock) {
        Map<String, Deque<Instant>> followedByHost = new HashMap<>();
        return (host, maxPerHour) -> {
            synchronized (followedByHost) {
                Instant now = clock.instant();
                Deque<Instant> recent = followedByHost.computeIfAbsent(host, h -> new ArrayDeque<>());
                while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(Duration.ofHours(1)))) {
                    recent.removeFirst();
                }
                if (recent.size() >= maxPerHour) {
                    return false;
                }
                recent.addLast(now);
                return true;
            }
        };
    }
}
