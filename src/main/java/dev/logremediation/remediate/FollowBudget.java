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

    /** Whether the host's budget is spent, counting nothing. */
    boolean spent(String host, int maxPerHour);

    /** A budget in memory, for a batch over a fixed window (the live product keeps it in the state database). */
    static FollowBudget inMemory(Clock clock) {
        return new FollowBudget() {
            private final Map<String, Deque<Instant>> followedByHost = new HashMap<>();

            @Override
            public synchronized boolean trySpend(String host, int maxPerHour) {
                if (spent(host, maxPerHour)) {
                    return false;
                }
                followedByHost.get(host).addLast(clock.instant());
                return true;
            }

            @Override
            public synchronized boolean spent(String host, int maxPerHour) {
                Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
                Deque<Instant> recent = followedByHost.computeIfAbsent(host, h -> new ArrayDeque<>());
                while (!recent.isEmpty() && recent.peekFirst().isBefore(hourAgo)) {
                    recent.removeFirst();
                }
                return recent.size() >= maxPerHour;
            }
        };
    }
}
