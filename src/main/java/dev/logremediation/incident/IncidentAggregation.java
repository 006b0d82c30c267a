package dev.logremediation.incident;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.ErrorEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The Aggregate EIP's strategy: folds each batch of errors (see {@link ErrorBatches}) into its {@link Incident}. The group completes
 * when no error joined it for {@link Incident#openAfterLastError()} (the route's completionTimeout: the quiet period
 * once fired, at least the window before); the FIRING and new-link updates cannot wait for that, so they are handed
 * to the notify route at once, on the poll that brought the line.
 */
public final class IncidentAggregation implements AggregationStrategy, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentAggregation.class);
    /** Where FIRING and update events go; the body is an {@link IncidentEvent}. */
    public static final String EVENTS_ENDPOINT = "direct:incident-event";
    /** The header the route's completionTimeoutExpression reads: how long the incident stays open without errors. */
    public static final String OPEN_MILLIS_HEADER = "incidentOpenMillis";

    private final LinkVault vault;
    private CamelContext camelContext;
    private ProducerTemplate events;

    public IncidentAggregation(LinkVault vault) {
        this.vault = vault;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        List<ErrorEvent> errors = newExchange.getIn().getBody(ErrorBatches.Batch.class).errors();
        Exchange group = oldExchange != null ? oldExchange : newExchange;
        Incident incident = oldExchange != null ? oldExchange.getIn().getBody(Incident.class)
                : open(newExchange, errors.get(0));
        for (ErrorEvent error : errors) {
            Incident.Change change = incident.add(error, vault);
            if (change == Incident.Change.FIRING) {
                LOG.info("Incident {} FIRING: {} errors of {} within {}", incident.id(), incident.count(),
                        incident.key(), incident.watch().window());
                events().sendBody(EVENTS_ENDPOINT, IncidentEvent.of(IncidentEvent.Kind.FIRING, incident, vault));
            } else if (change == Incident.Change.NEW_LINK) {
                events().sendBody(EVENTS_ENDPOINT, IncidentEvent.of(IncidentEvent.Kind.UPDATE, incident, vault));
            }
        }
        group.getIn().setBody(incident);
        // the Aggregate EIP reads the completion timeout from the new exchange; the stored group keeps it too,
        // for the timeout restored after a restart
        long openMillis = incident.openAfterLastError().toMillis();
        newExchange.getIn().setHeader(OPEN_MILLIS_HEADER, openMillis);
        group.setProperty(ExchangePropertyKey.AGGREGATED_TIMEOUT, openMillis);
        return group;
    }

    private static Incident open(Exchange exchange, ErrorEvent first) {
        Watch watch = exchange.getProperty("watch", Watch.class);
        String incidentKey = exchange.getIn().getBody(ErrorBatches.Batch.class).incidentKey();
        long openedNanos = Long.parseLong(incidentKey.substring(incidentKey.lastIndexOf('|') + 1));
        return new Incident(watch, first.key(), openedNanos);
    }

    private ProducerTemplate events() {
        if (events == null) {
            events = camelContext.createProducerTemplate();
        }
        return events;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
