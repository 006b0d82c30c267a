package dev.logremediation.observe;

import dev.logremediation.config.Watch;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.loki.LokiPoller;
import dev.logremediation.loki.RangeRead;
import dev.logremediation.oncall.OnCallLoop;
import dev.logremediation.remediate.RemediationResult;
import dev.logremediation.verify.PurchaseVerdict;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts what the routes do by watching a few of their steps, named by the ids they have in routes/*.camel.yaml
 * (a Camel {@link InterceptStrategy}: only those steps are wrapped). After such a step completed (or, for the SMTP
 * send, failed), the exchange's body and properties tell what happened. No route file and no pipeline class changes
 * for it; {@link #NODE_IDS} lists the ids relied upon, and ObserveServingTest checks that each exists in the routes.
 *
 * <ul>
 *   <li>{@code begin-range}, {@code commit-cursor} (poll-loki): a poll began; it read its range (lines, cursor)</li>
 *   <li>{@code keep-errors} (detect): the error lines of a page</li>
 *   <li>{@code keep-event} (notify): every IncidentEvent, FIRING, UPDATE, RESOLVED or BELOW_THRESHOLD</li>
 *   <li>{@code record-silenced} (notify): an IncidentEvent a silence kept from on-call</li>
 *   <li>{@code record-duty} (oncall-loop): a reminder or an escalation level emailed (property duty)</li>
 *   <li>{@code record-acknowledgement} (oncall-loop): an acknowledgement taken (property acknowledgement)</li>
 *   <li>{@code smtp-send} (deliver-email): SMTP accepted an email, or refused a delivery attempt</li>
 *   <li>{@code audit} (remediate): a RemediationResult; {@code set-verdict} (verify-purchase): a PurchaseVerdict</li>
 * </ul>
 *
 * <p>A failure here is logged at DEBUG and never reaches the route: counting must not break alerting.
 */
final class ObservedSteps implements InterceptStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(ObservedSteps.class);

    static final String BEGIN_POLL = "begin-range";
    static final String COMMIT_POLL = "commit-cursor";
    static final String ERRORS_DETECTED = "keep-errors";
    static final String INCIDENT_EVENT = "keep-event";
    static final String EMAIL_SENT = "smtp-send";
    static final String INCIDENT_SILENCED = "record-silenced";
    static final String REMEDIATION_AUDITED = "record-answer";
    static final String VERDICT = "set-verdict";
    static final String DUTY_RECORDED = "record-duty";
    static final String ACKNOWLEDGED = "record-acknowledgement";
    static final Set<String> NODE_IDS = Set.of(BEGIN_POLL, COMMIT_POLL, ERRORS_DETECTED, INCIDENT_EVENT, EMAIL_SENT,
            INCIDENT_SILENCED, REMEDIATION_AUDITED, VERDICT, DUTY_RECORDED, ACKNOWLEDGED);

    private final Map<String, Consumer<Exchange>> afterStep;
    private final Map<String, Consumer<Exchange>> afterFailedStep;
    private final PipelineMetrics metrics;
    /**
     * The polls in progress, by exchange id (not an exchange property: properties are copied into the split and
     * aggregated exchanges, and stored with open incidents).
     */
    private final Map<String, PollMark> polls = new ConcurrentHashMap<>();

    ObservedSteps(PipelineMetrics metrics) {
        this.metrics = metrics;
        this.afterStep = Map.of(
                COMMIT_POLL, this::pollCommitted,
                ERRORS_DETECTED, this::errorsDetected,
                INCIDENT_EVENT, this::incidentEvent,
                EMAIL_SENT, exchange -> metrics.emailSent(),
                INCIDENT_SILENCED, this::incidentSilenced,
                REMEDIATION_AUDITED, this::remediationAudited,
                VERDICT, this::verdict,
                DUTY_RECORDED, this::dutyRecorded,
                ACKNOWLEDGED, this::acknowledged);
        this.afterFailedStep = Map.of(EMAIL_SENT, exchange -> metrics.emailFailed());
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        String id = definition.getId();
        if (id == null) {
            return target;
        }
        if (BEGIN_POLL.equals(id)) {
            return new Observed(target, this::pollBegins, null, null);
        }
        Consumer<Exchange> after = afterStep.get(id);
        Consumer<Exchange> afterFailure = afterFailedStep.get(id);
        return after == null && afterFailure == null ? target : new Observed(target, null, after, afterFailure);
    }

    /** Before the poll's first step that needs the cursor: the watch is known even when every poll fails. */
    private void pollBegins(Exchange exchange) {
        Watch watch = exchange.getProperty("watch", Watch.class);
        if (watch != null) {
            polls.put(exchange.getExchangeId(), new PollMark(watch.name()));
            metrics.pollStarted(watch.name());
        }
    }

    private void pollCommitted(Exchange exchange) {
        PollMark mark = polls.get(exchange.getExchangeId());
        RangeRead range = exchange.getProperty(LokiPoller.RANGE, RangeRead.class);
        if (mark == null || range == null) {
            return;
        }
        mark.committed = true;
        metrics.pollSucceeded(mark.watch, range.linesRead(), range.bytesRead(),
                range.to() > range.from() ? range.to() : 0);
    }

    private void errorsDetected(Exchange exchange) {
        Watch watch = exchange.getProperty("watch", Watch.class);
        Object body = exchange.getMessage().getBody();
        if (watch != null && body instanceof Collection<?> errors && !errors.isEmpty()) {
            metrics.errorsSeen(watch.name(), errors.size());
        }
    }

    private void incidentEvent(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof IncidentEvent event) {
            metrics.incidentEvent(event);
        }
    }

    private void incidentSilenced(Exchange exchange) {
        IncidentEvent event = exchange.getProperty("incidentEvent", IncidentEvent.class);
        if (event != null) {
            metrics.incidentSilenced(event.watch().name());
        }
    }

    private void dutyRecorded(Exchange exchange) {
        OnCallLoop.Duty duty = exchange.getProperty("duty", OnCallLoop.Duty.class);
        if (duty != null) {
            metrics.onCallDuty(duty.page().watch(), duty.escalation());
        }
    }

    private void acknowledged(Exchange exchange) {
        OnCallLoop.Acknowledgement ack = exchange.getProperty("acknowledgement", OnCallLoop.Acknowledgement.class);
        if (ack != null && ack.accepted()) {
            metrics.acknowledged(ack.page().watch(), ack.via());
        }
    }

    private void remediationAudited(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof RemediationResult result) {
            metrics.remediation(result.outcome());
        }
    }

    private void verdict(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof PurchaseVerdict verdict) {
            metrics.verification(verdict.reason());
        }
    }

    /** An exchange ended (see {@link ObservedFailures}): when it was a poll that never committed, the poll failed. */
    void exchangeEnded(Exchange exchange) {
        if (polls.isEmpty()) {
            return;
        }
        PollMark mark = polls.remove(exchange.getExchangeId());
        if (mark != null && !mark.committed) {
            metrics.pollFailed(mark.watch);
        }
    }

    private static final class PollMark {
        final String watch;
        volatile boolean committed;

        PollMark(String watch) {
            this.watch = watch;
        }
    }

    /** Runs the step, then the observation of its success or of its failure. */
    private static final class Observed extends DelegateAsyncProcessor {

        private final Consumer<Exchange> before;
        private final Consumer<Exchange> after;
        private final Consumer<Exchange> afterFailure;

        Observed(Processor target, Consumer<Exchange> before, Consumer<Exchange> after,
                 Consumer<Exchange> afterFailure) {
            super(target);
            this.before = before;
            this.after = after;
            this.afterFailure = afterFailure;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            observe(before, exchange);
            return super.process(exchange, doneSync -> {
                observe(exchange.getException() == null ? after : afterFailure, exchange);
                callback.done(doneSync);
            });
        }

        private static void observe(Consumer<Exchange> observation, Exchange exchange) {
            if (observation == null) {
                return;
            }
            try {
                observation.accept(exchange);
            } catch (RuntimeException e) {
                LOG.debug("Could not count a step of route {}: {}", exchange.getFromRouteId(), e.toString());
            }
        }
    }
}
