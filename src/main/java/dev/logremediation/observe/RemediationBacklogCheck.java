package dev.logremediation.observe;

import dev.logremediation.remediate.RemediationWork;
import dev.logremediation.state.RemediationActions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.time.Duration;
import java.util.Map;

/**
 * The remediation rounds still waiting (a link to follow, a purchase to make) and those whose last step failed: a
 * readiness detail that never turns it DOWN (the product keeps working; on-call learns by email), and gauges an alert
 * rule can watch. The state database is asked at most once a second, however often both are read.
 */
final class RemediationBacklogCheck extends ReadinessCheck {

    static final String ID = "remediation-rounds";

    private final RemediationWork work;
    private RemediationActions.Backlog last;
    private long lastAskedNanos;

    RemediationBacklogCheck(RemediationWork work, MeterRegistry meters) {
        super(ID);
        this.work = work;
        String prefix = "logremediation.remediation.rounds.";
        Gauge.builder(prefix + "waiting", this, check -> check.backlog().waiting())
                .description("Remediation rounds not finished (links to follow, purchases to make)").register(meters);
        Gauge.builder(prefix + "failing", this, check -> check.backlog().failing())
                .description("Unfinished remediation rounds whose last step failed, or whose row cannot be read")
                .register(meters);
        Gauge.builder(prefix + "oldest.waiting", this, check -> check.backlog().oldest().toSeconds())
                .baseUnit("seconds").description("How long the oldest unfinished remediation round has waited")
                .register(meters);
    }

    synchronized RemediationActions.Backlog backlog() {
        long now = System.nanoTime();
        if (last == null || now - lastAskedNanos > 1_000_000_000L) {
            try {
                last = work.backlog();
            } catch (RuntimeException databaseDown) {
                last = last != null ? last : new RemediationActions.Backlog(0, 0, Duration.ZERO);
            }
            lastAskedNanos = now;
        }
        return last;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        RemediationActions.Backlog backlog = backlog();
        builder.detail("waiting", backlog.waiting()).detail("failing", backlog.failing())
                .detail("oldest-waiting", PipelineMetrics.age(backlog.oldest()));
        builder.message(backlog.waiting() == 0 ? "no remediation round waiting" : backlog.waiting()
                + " remediation round(s) waiting, the oldest for " + PipelineMetrics.age(backlog.oldest())
                + (backlog.failing() > 0 ? ", " + backlog.failing() + " failing" : "")).up();
    }
}
