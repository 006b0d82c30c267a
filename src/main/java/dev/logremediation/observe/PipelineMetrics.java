package dev.logremediation.observe;

import dev.logremediation.cluster.Leadership;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.remediate.RemediationOutcome;
import dev.logremediation.verify.PurchaseVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The product's own meters (the only class that knows Micrometer), and the time of each watch's last successful
 * poll, which readiness reads. Fed by {@link ObservedSteps} and {@link ObservedFailures}; the pipeline's classes
 * know nothing of it.
 *
 * <p>Every label value is a watch name, a route id or an enum constant: nothing read from a log line, a link or a
 * setting that could hold a secret.
 */
public final class PipelineMetrics {

    static final String PREFIX = "logremediation.";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Instant started;
    private final Map<String, WatchMeters> watches = new ConcurrentHashMap<>();
    private final Counter emailsSent;
    private final Counter emailsFailed;

    public PipelineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.started = clock.instant();
        this.emailsSent = Counter.builder(PREFIX + "emails.sent")
                .description("Emails the SMTP server accepted").register(registry);
        this.emailsFailed = Counter.builder(PREFIX + "emails.failed")
                .description("Delivery attempts the SMTP server did not accept (the email is retried)").register(registry);
        for (RemediationOutcome outcome : RemediationOutcome.values()) {
            remediationCounter(outcome);
        }
        for (PurchaseVerdict.Reason reason : PurchaseVerdict.Reason.values()) {
            verificationCounter(reason);
        }
    }

    /** 1 while this instance is the active one (always 1 without a cluster service), 0 while it stands by. */
    public void leadership(Leadership leadership) {
        Gauge.builder(PREFIX + "leader", leadership, l -> l.isLeader() ? 1 : 0).tag("service", leadership.service())
                .description("1 on the instance that polls Loki, 0 on a standby").register(registry);
    }

    // ---- poll ----

    /** A poll of this watch began: from now on readiness expects it to succeed within observe.max-poll-age. */
    public void pollStarted(String watch) {
        watch(watch);
    }

    /**
     * A poll read its whole range and moved the cursor.
     *
     * @param cursorNanos the end of the range read (log time, exclusive); 0 when the range was empty
     */
    public void pollSucceeded(String watch, long linesRead, long bytesRead, long cursorNanos) {
        WatchMeters meters = watch(watch);
        meters.pollsOk.increment();
        meters.linesRead.increment(linesRead);
        meters.bytesRead.increment(bytesRead);
        meters.lastSuccess.set(clock.instant());
        if (cursorNanos > 0) {
            meters.cursorNanos.accumulateAndGet(cursorNanos, Math::max);
        }
    }

    /** A poll ended without reaching the cursor commit (Loki down, refused, garbage; retried by the next poll). */
    public void pollFailed(String watch) {
        watch(watch).pollsFailed.increment();
    }

    public void errorsSeen(String watch, int count) {
        watch(watch).errorsSeen.increment(count);
    }

    // ---- incident ----

    public void incidentEvent(IncidentEvent event) {
        WatchMeters meters = watch(event.watch().name());
        switch (event.kind()) {
            case FIRING -> {
                meters.opened.increment();
                meters.open.add(event.incidentId());
            }
            case RESOLVED -> {
                meters.resolved.increment();
                meters.open.remove(event.incidentId());
            }
            case BELOW_THRESHOLD -> meters.belowThreshold.increment();
            case UPDATE -> meters.updates.increment();
        }
    }

    /** A silence kept an incident event from on-call (recorded, not emailed). */
    public void incidentSilenced(String watch) {
        watch(watch).silenced.increment();
    }

    /** A reminder or an escalation level of an unacknowledged incident was emailed. */
    public void onCallDuty(String watch, boolean escalation) {
        (escalation ? watch(watch).escalations : watch(watch).reminders).increment();
    }

    /** Someone acknowledged an incident of the watch, by reply or by link. */
    public void acknowledged(String watch, String via) {
        Counter.builder(PREFIX + "oncall.acknowledgements").tag("watch", watch).tag("via", via)
                .description("Incidents acknowledged, by how").register(registry).increment();
    }

    // ---- notify, remediate, verify ----

    public void emailSent() {
        emailsSent.increment();
    }

    public void emailFailed() {
        emailsFailed.increment();
    }

    public void remediation(RemediationOutcome outcome) {
        remediationCounter(outcome).increment();
    }

    public void verification(PurchaseVerdict.Reason reason) {
        verificationCounter(reason).increment();
    }

    /** A failure the routes' error handling dealt with (logged, retried, given up), by the route it happened in. */
    public void failureHandled(String routeId) {
        Counter.builder(PREFIX + "failures").tag("route", routeId)
                .description("Failures handled by the routes' error handling (Loki or SMTP down, bad answers)")
                .register(registry).increment();
    }

    // ---- read by readiness and tests ----

    /** When this object was made (the product's start): the baseline of a watch that never polled successfully. */
    public Instant started() {
        return started;
    }

    /** The watches seen so far (a poll began), each with its last successful poll, if any. */
    public Map<String, Optional<Instant>> lastSuccessfulPolls() {
        Map<String, Optional<Instant>> result = new java.util.TreeMap<>();
        watches.forEach((name, meters) -> result.put(name, Optional.ofNullable(meters.lastSuccess.get())));
        return result;
    }

    public MeterRegistry registry() {
        return registry;
    }

    // ---- meters ----

    private WatchMeters watch(String name) {
        return watches.computeIfAbsent(name, WatchMeters::new);
    }

    private Counter remediationCounter(RemediationOutcome outcome) {
        return Counter.builder(PREFIX + "remediations").tag("outcome", label(outcome))
                .description("Resolution links followed or refused, by outcome").register(registry);
    }

    private Counter verificationCounter(PurchaseVerdict.Reason reason) {
        return Counter.builder(PREFIX + "verifications").tag("outcome", label(reason))
                .description("Verification purchases, by verdict").register(registry);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The meters of one watch, registered together when the watch first polls, so every series starts at 0. */
    private final class WatchMeters {

        final Counter pollsOk;
        final Counter pollsFailed;
        final Counter linesRead;
        final Counter bytesRead;
        final Counter errorsSeen;
        final Counter opened;
        final Counter resolved;
        final Counter belowThreshold;
        final Counter updates;
        final Counter silenced;
        final Counter reminders;
        final Counter escalations;
        final Set<String> open = ConcurrentHashMap.newKeySet();
        final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
        final AtomicLong cursorNanos = new AtomicLong();

        WatchMeters(String watch) {
            pollsOk = counter("polls", watch, "Polls of Loki, by outcome", "outcome", "ok");
            pollsFailed = counter("polls", watch, "Polls of Loki, by outcome", "outcome", "failed");
            linesRead = counter("lines.read", watch, "Log lines read from Loki (before dropping repeats)");
            bytesRead = counter("loki.bytes", watch, "Bytes of Loki's query_range answers, over every query of a poll");
            errorsSeen = counter("errors.seen", watch, "Error lines detected in the logs read");
            opened = counter("incidents.opened", watch, "Incidents that crossed the threshold (FIRING)");
            resolved = counter("incidents.resolved", watch, "Incidents resolved after the quiet period");
            belowThreshold = counter("incidents.below.threshold", watch, "Error episodes that stayed below the threshold");
            updates = counter("incidents.updates", watch, "New resolution links announced for open incidents");
            silenced = counter("incidents.silenced", watch, "Incident events a silence kept from on-call");
            reminders = counter("oncall.reminders", watch, "Reminders of incidents firing unacknowledged");
            escalations = counter("oncall.escalations", watch, "Escalation levels reached by unacknowledged incidents");
            Gauge.builder(PREFIX + "incidents.open", open, Set::size).tag("watch", watch)
                    .description("Incidents FIRING now (opened since this process started)").register(registry);
            Gauge.builder(PREFIX + "poll.lag", this, WatchMeters::lagSeconds).tag("watch", watch).baseUnit("seconds")
                    .description("How far behind now the cursor is: now minus the end of the last range read")
                    .register(registry);
        }

        private Counter counter(String name, String watch, String description, String... tags) {
            return Counter.builder(PREFIX + name).tag("watch", watch).tags(tags).description(description)
                    .register(registry);
        }

        double lagSeconds() {
            long cursor = cursorNanos.get();
            if (cursor == 0) {
                return Double.NaN;
            }
            Instant now = clock.instant();
            long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            return Math.max(0, nowNanos - cursor) / 1e9;
        }
    }

    /** For messages: "3s", "2m5s". */
    static String age(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
}
