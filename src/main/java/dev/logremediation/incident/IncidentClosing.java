package dev.logremediation.incident;

import dev.logremediation.config.Watch;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/** Decides what a completed group (its quiet period passed) means: a RESOLVED incident, or a blip below threshold. */
public final class IncidentClosing {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentClosing.class);

    private final AtomicLong belowThreshold = new AtomicLong();
    private final LinkVault vault;

    public IncidentClosing(LinkVault vault) {
        this.vault = vault;
    }

    public IncidentEvent close(Exchange exchange) {
        Incident incident = exchange.getIn().getBody(Incident.class);
        Watch watch = incident.watch();
        if (incident.isFiring()) {
            LOG.info("Incident {} RESOLVED: {} errors, quiet for {}", incident.id(), incident.count(), watch.quietPeriod());
            return IncidentEvent.of(IncidentEvent.Kind.RESOLVED, incident, vault);
        }
        belowThreshold.incrementAndGet();
        LOG.info("Watch {}: {} error(s) of {} stayed below the threshold of {} in {}; nobody emailed", watch.name(),
                incident.count(), incident.key(), watch.threshold(), watch.window());
        return IncidentEvent.of(IncidentEvent.Kind.BELOW_THRESHOLD, incident, vault);
    }

    /** Episodes that ended without paging anyone, since start. */
    public long belowThresholdCount() {
        return belowThreshold.get();
    }
}
