package dev.logremediation.bench;

import dev.logremediation.loki.LogEntry;
import dev.logremediation.sandbox.JwtPizzaTraffic;
import dev.logremediation.sandbox.JwtPizzaTraffic.ChaosShape;
import dev.logremediation.sandbox.JwtPizzaTraffic.OutageShape;
import dev.logremediation.sandbox.SandboxLoki;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live JWT Pizza traffic into a sandbox Loki: per service (its {@code component} label) {@code linesPerSecond} lines
 * a second, each an error with probability {@code errorFraction}, else {@link JwtPizzaTraffic#normalLine}. Errors are
 * the six shapes that carry the {@code component} label (three chaos shapes with a link, three outages), chosen in
 * turn. Lines are pushed every 100 ms, each with the time it was due; the services' lines are spread over a line's
 * interval (service i is offset by i / services of it), so that not every service's line lands in one push.
 */
final class LiveTraffic implements AutoCloseable {

    private static final long SECOND = 1_000_000_000L;
    private static final ChaosShape[] CHAOS = {ChaosShape.HTTP_RESPONSE, ChaosShape.HTTP_RESPONSE_ENCODED_TWICE,
        ChaosShape.FACTORY_REQUEST};
    private static final OutageShape[] OUTAGES = OutageShape.values();

    private final SandboxLoki loki;
    private final List<JwtPizzaTraffic> services = new ArrayList<>();
    private final double linesPerSecond;
    private final double errorFraction;
    private final SplittableRandom random;
    private final long[] pushed;
    private final String link = JwtPizzaTraffic.chaosLink("0123456789abcdef0123456789abcdef", "bench");
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final List<Long> errorTimestamps = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private ScheduledExecutorService pusher;
    private long startNanos;
    private long startWallNanos;
    private int errorShape;

    /** @param serviceNames the {@code component} label of each service's lines */
    LiveTraffic(SandboxLoki loki, List<String> serviceNames, double linesPerSecond, double errorFraction, long seed) {
        this.loki = loki;
        for (int i = 0; i < serviceNames.size(); i++) {
            services.add(new JwtPizzaTraffic(seed + i, serviceNames.get(i)));
        }
        this.linesPerSecond = linesPerSecond;
        this.errorFraction = errorFraction;
        this.random = new SplittableRandom(seed);
        this.pushed = new long[serviceNames.size()];
    }

    /** Stores {@code seconds} of history before now, at the same rate, so that the first poll reads a full overlap. */
    void prefill(double seconds) {
        long now = BenchSupport.nowNanos();
        long interval = (long) (SECOND / linesPerSecond);
        for (int s = 0; s < services.size(); s++) {
            long offset = interval * s / services.size();
            for (long ts = now - (long) (seconds * SECOND) + offset; ts < now; ts += interval) {
                push(s, ts);
            }
        }
    }

    /** Pushes the live lines every 100 ms from now on. */
    void start() {
        startNanos = System.nanoTime();
        startWallNanos = BenchSupport.nowNanos();
        pusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bench-traffic");
            thread.setDaemon(true);
            return thread;
        });
        pusher.scheduleAtFixedRate(this::tick, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            for (int s = 0; s < services.size(); s++) {
                double phase = (double) s / services.size();
                long due = (long) Math.floor(elapsed * linesPerSecond + phase);
                for (long n = pushed[s]; n < due; n++) {
                    // the line's own due time: the lines of one push are spread over the last 100 ms, as they came
                    push(s, startWallNanos + (long) ((n + 1 - phase) / linesPerSecond * SECOND));
                }
                pushed[s] = Math.max(pushed[s], due);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            throw t;
        }
    }

    private void push(int service, long ts) {
        JwtPizzaTraffic traffic = services.get(service);
        LogEntry entry;
        if (errorFraction > 0 && random.nextDouble() < errorFraction) {
            int shape = errorShape++ % (CHAOS.length + OUTAGES.length);
            entry = shape < CHAOS.length ? traffic.chaosErrorLine(ts, link, CHAOS[shape])
                    : traffic.outageErrorLine(ts, OUTAGES[shape - CHAOS.length]);
            synchronized (errorTimestamps) {
                errorTimestamps.add(ts);
            }
        } else {
            entry = traffic.normalLine(ts);
        }
        loki.push(entry);
        lines.incrementAndGet();
        bytes.addAndGet(entry.line().length());
    }

    /** Stops pushing; throws what made a push fail, if one did. */
    void stop() throws InterruptedException {
        if (pusher != null) {
            pusher.shutdown();
            pusher.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("pushing traffic failed", failure.get());
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long lines() {
        return lines.get();
    }

    /** Characters of the lines pushed (their text only). */
    long lineChars() {
        return bytes.get();
    }

    /** How many error lines have a timestamp in [fromNanos, toNanos). */
    long errorsBetween(long fromNanos, long toNanos) {
        synchronized (errorTimestamps) {
            return errorTimestamps.stream().filter(ts -> ts >= fromNanos && ts < toNanos).count();
        }
    }

    long errors() {
        synchronized (errorTimestamps) {
            return errorTimestamps.size();
        }
    }
}
