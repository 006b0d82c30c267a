package dev.logremediation.incident;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.ErrorEvent;
import org.apache.camel.processor.aggregate.MemoryAggregationRepository;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paging rule, "threshold errors of one key within any window of log time fire", whatever the quiet period:
 * the batching by log time and the incidents it feeds, as the aggregation runs them, against a brute-force count.
 */
class WindowRuleTest {

    private static final long SECOND = 1_000_000_000L;

    /** What the aggregation does with the batches, minus Camel: one incident per key, FIRING times in order. */
    private static List<Long> firingTimes(Watch watch, long[] times) {
        ErrorBatches batches = new ErrorBatches(new MemoryAggregationRepository(), null);
        Map<String, Incident> incidents = new HashMap<>();
        List<Long> firing = new ArrayList<>();
        LinkVault vault = new LinkVault();
        for (ErrorBatches.Batch batch : batches.of(watch, errors(times))) {
            Incident incident = incidents.computeIfAbsent(batch.incidentKey(),
                    key -> new Incident(watch, "svc", Long.parseLong(key.substring(key.lastIndexOf('|') + 1))));
            for (ErrorEvent error : batch.errors()) {
                if (incident.add(error, vault) == Incident.Change.FIRING) {
                    firing.add(error.timestampNanos());
                }
            }
        }
        return firing;
    }

    private static List<ErrorEvent> errors(long[] times) {
        return Arrays.stream(times).mapToObj(ts -> new ErrorEvent("svc", ts, "GET /x 500", List.of(), "line " + ts))
                .toList();
    }

    /** The log time of the first error that completes threshold errors within one window, or null. */
    private static Long firstCrossing(long[] sorted, int threshold, long windowNanos) {
        for (int last = threshold - 1; last < sorted.length; last++) {
            if (sorted[last] - sorted[last - threshold + 1] <= windowNanos) {
                return sorted[last];
            }
        }
        return null;
    }

    private static Watch watch(int threshold, Duration window, Duration quiet) {
        return new Watch("w", "{app=\"svc\"}", threshold, window, quiet, List.of("oncall@example.com"), Duration.ZERO);
    }

    @Test
    void groupsOfFourEvery32SecondsFireOnTheSecondGroupWithA20SecondQuietPeriod() {
        long base = 1_700_000_000L * SECOND;
        long[] times = new long[12];
        for (int group = 0; group < 3; group++) {
            for (int i = 0; i < 4; i++) {
                times[group * 4 + i] = base + group * 32 * SECOND + i * 100_000_000L;
            }
        }
        List<Long> firing = firingTimes(watch(5, Duration.ofSeconds(60), Duration.ofSeconds(20)), times);

        assertThat(firing).first().isEqualTo(base + 32 * SECOND);
    }

    @Test
    void firesIfAndOnlyIfSomeWindowHoldsThresholdErrorsWhateverTheQuietPeriod() {
        Random random = new Random(20261202L);
        int fired = 0;
        for (int round = 0; round < 2_000; round++) {
            int threshold = 1 + random.nextInt(6);
            long windowNanos = (1 + random.nextInt(120)) * SECOND;
            long quietNanos = (1 + random.nextInt(180)) * SECOND;
            long[] times = new long[random.nextInt(40)];
            long ts = 1_700_000_000L * SECOND;
            for (int i = 0; i < times.length; i++) {
                // clustered and sparse gaps, some in the same nanosecond
                ts += random.nextInt(4) == 0 ? 0 : (long) (random.nextDouble() * random.nextDouble() * 150 * SECOND);
                times[i] = ts;
            }
            Watch watch = watch(threshold, Duration.ofNanos(windowNanos), Duration.ofNanos(quietNanos));

            List<Long> firing = firingTimes(watch, times);
            Long expected = firstCrossing(times, threshold, windowNanos);

            String round_ = "round " + round + ": threshold " + threshold + ", window " + windowNanos / SECOND
                    + " s, quiet " + quietNanos / SECOND + " s, times " + Arrays.toString(times);
            if (expected == null) {
                assertThat(firing).as(round_).isEmpty();
            } else {
                fired++;
                assertThat(firing).as(round_).isNotEmpty().first().isEqualTo(expected);
            }
        }
        assertThat(fired).as("rounds that fired").isBetween(200, 1_800);
    }

    @Test
    void aLateErrorWithinTheWindowOfTheNewestStillCounts() {
        ThresholdWindow window = new ThresholdWindow(3, Duration.ofSeconds(10));
        assertThat(window.offer(100 * SECOND)).isFalse();
        assertThat(window.offer(108 * SECOND)).isFalse();
        assertThat(window.offer(85 * SECOND)).as("older than the newest by more than the window").isFalse();
        assertThat(window.offer(99 * SECOND)).as("late, but within the window of the newest").isTrue();
        assertThat(window.crossed()).isTrue();
        assertThat(window.offer(101 * SECOND)).as("fires once").isFalse();
    }

    @Test
    void aFiredIncidentEndsAfterTheQuietPeriodAndAQuietEpisodeOnlyAfterTheWindow() {
        Watch watch = watch(5, Duration.ofSeconds(60), Duration.ofSeconds(20));
        assertThat(Incident.openAfterLastError(watch, false)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Incident.openAfterLastError(watch, true)).isEqualTo(Duration.ofSeconds(20));
        Watch longQuiet = watch(5, Duration.ofSeconds(60), Duration.ofMinutes(5));
        assertThat(Incident.openAfterLastError(longQuiet, false)).isEqualTo(Duration.ofMinutes(5));
    }
}
