package dev.logremediation.incident;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.ErrorEvent;
import dev.logremediation.detect.SecretMasker;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The running state of one error episode of one watch and key: the Aggregate EIP keeps one per group. It holds only
 * what the emails and the report need (counts, first/last time, per-signature counts, distinct links, a few sample
 * lines), so 10,000 errors cost the same memory as 10.
 */
public final class Incident implements Serializable {

    /** 2: the impact tally and samples with their signatures. */
    private static final long serialVersionUID = 2L;
    static final int MAX_SIGNATURES = 20;
    static final int MAX_LINKS = 10;
    static final int MAX_SAMPLES = 5;
    static final String OTHER_SIGNATURES = "(other signatures)";
    /** A week of minutes: the per-minute counts stop growing after that (the totals stay right). */
    static final int MAX_MINUTES = 7 * 24 * 60;

    /** What one more error did to the incident, which decides whether anyone is emailed. */
    public enum Change { JOINED, FIRING, NEW_LINK }

    private final Watch watch;
    private final String key;
    private final long openedNanos;
    private long firstNanos;
    private long lastNanos;
    private long count;
    private long firingNanos;

    private long firingCount;
    private final ThresholdWindow thresholdWindow;
    private final LinkedHashMap<String, Long> signatures = new LinkedHashMap<>();
    /** Each distinct link, by digest: its masked form and the line it came from (the link itself is not stored). */
    private final LinkedHashMap<String, LinkSeen> links = new LinkedHashMap<>();
    /** Distinct lines, at least one per signature while there is room (see {@link #keepSample}). */
    private final ArrayList<Sample> samples = new ArrayList<>();
    private final ImpactTally impact = new ImpactTally();
    private final TreeMap<Long, Long> perMinute = new TreeMap<>();

    public Incident(Watch watch, String key, long openedNanos) {
        this.openedNanos = openedNanos;
        this.watch = watch;
        this.key = key;
        this.thresholdWindow = new ThresholdWindow(watch.threshold(), watch.window());
    }

    /**
     * Counts one error; says whether it crossed the threshold or brought a new resolution link to a firing incident.
     * The links go to the vault, the incident keeps their digests.
     */
    public Change add(ErrorEvent error, LinkVault vault) {
        long ts = error.timestampNanos();
        if (count == 0 || ts < firstNanos) {
            firstNanos = ts;
        }
        lastNanos = Math.max(lastNanos, ts);
        count++;
        String signature = signatures.containsKey(error.signature()) || signatures.size() < MAX_SIGNATURES
                ? error.signature() : OTHER_SIGNATURES;
        signatures.merge(signature, 1L, Long::sum);
        long minute = Math.floorDiv(ts, 60_000_000_000L);
        if (perMinute.containsKey(minute) || perMinute.size() < MAX_MINUTES) {
            perMinute.merge(minute, 1L, Long::sum);
        }
        keepSample(error.signature(), error.line());
        impact.add(error);
        boolean newLink = false;
        for (String link : error.links()) {
            String digest = vault.remember(link);
            if (links.size() < MAX_LINKS && links.putIfAbsent(digest, new LinkSeen(SecretMasker.mask(link),
                    error.line())) == null) {
                newLink = true;
            }
        }
        if (isFiring()) {
            return newLink ? Change.NEW_LINK : Change.JOINED;
        }
        if (thresholdWindow.offer(ts)) {
            firingNanos = ts;
            firingCount = count;
            return Change.FIRING;
        }
        return Change.JOINED;
    }

    /**
     * How long an episode stays open after its newest error: the quiet period once it fired; before that, at least
     * the window too, so that errors further apart than the quiet period still add up to the threshold.
     */
    public static java.time.Duration openAfterLastError(Watch watch, boolean fired) {
        return fired || watch.quietPeriod().compareTo(watch.window()) >= 0 ? watch.quietPeriod() : watch.window();
    }

    /** See {@link #openAfterLastError(Watch, boolean)}. */
    public java.time.Duration openAfterLastError() {
        return openAfterLastError(watch, isFiring());
    }

    /** The error times that count toward the threshold, as a copy. */
    public ThresholdWindow thresholdWindow() {
        return thresholdWindow.copy();
    }

    public boolean isFiring() {
        return firingNanos != 0;
    }

    /** The watch it belongs to, kept in the incident so that it is stored and restored with it. */
    public Watch watch() {
        return watch;
    }

    public String key() {
        return key;
    }

    public long firstNanos() {
        return firstNanos;
    }

    public long lastNanos() {
        return lastNanos;
    }

    public long count() {
        return count;
    }

    /** The log time of the error that crossed the threshold; 0 while below it. */
    public long firingNanos() {
        return firingNanos;
    }

    /** How many errors the incident held when it crossed the threshold. */
    public long firingCount() {
        return firingCount;
    }

    /** Signature counts, most frequent first. */
    public List<Map.Entry<String, Long>> signatureCounts() {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>();
        signatures.forEach((signature, n) -> sorted.add(Map.entry(signature, n)));
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return sorted;
    }

    public String topSignature() {
        List<Map.Entry<String, Long>> counts = signatureCounts();
        return counts.isEmpty() ? "" : counts.get(0).getKey();
    }

    /**
     * Each distinct resolution link with the line it first came from, in order of appearance; a link seen only
     * before a restart is shown masked, since the stored incident does not hold its api key.
     */
    public Map<String, String> linkLines(LinkVault vault) {
        Map<String, String> lines = new LinkedHashMap<>();
        links.forEach((digest, seen) -> lines.put(vault.lookup(digest, seen.masked()), seen.line()));
        return Collections.unmodifiableMap(lines);
    }

    /** A link as stored: masked, with the (already masked) line it came from. */
    private record LinkSeen(String masked, String line) implements Serializable {
    }

    /** Errors per minute of log time, keyed by minutes since the epoch. */
    public SortedMap<Long, Long> perMinute() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(perMinute));
    }

    /** A sample line with the signature it had. */
    private record Sample(String signature, String line) implements Serializable {
    }

    /**
     * Keeps a line unless it is a copy of a kept one. When all places are taken, a line of a signature not shown yet
     * takes the place of the latest line of a signature shown more than once.
     */
    private void keepSample(String signature, String line) {
        if (samples.stream().anyMatch(sample -> sample.line().equals(line))) {
            return;
        }
        if (samples.size() < MAX_SAMPLES) {
            samples.add(new Sample(signature, line));
            return;
        }
        if (samples.stream().anyMatch(sample -> sample.signature().equals(signature))) {
            return;
        }
        for (int i = samples.size() - 1; i >= 0; i--) {
            String shown = samples.get(i).signature();
            if (samples.stream().filter(sample -> sample.signature().equals(shown)).count() > 1) {
                samples.remove(i);
                samples.add(new Sample(signature, line));
                return;
            }
        }
    }

    /** Distinct sample lines: the first of each signature, then the others, each group in order of arrival. */
    public List<String> samples() {
        List<String> firsts = new ArrayList<>();
        List<String> others = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (Sample sample : samples) {
            (shown.add(sample.signature()) ? firsts : others).add(sample.line());
        }
        firsts.addAll(others);
        return List.copyOf(firsts);
    }

    /** Failure kinds, affected orders and latency so far. */
    public Impact impact() {
        return impact.snapshot();
    }

    /** Stable across restarts and instances: the watch, the key and the log time of the error that opened it. */
    public String id() {
        return watch.name() + "/" + key + "/" + openedNanos;
    }
}
