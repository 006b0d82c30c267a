package dev.logremediation.incident;

import dev.logremediation.config.Watch;
import dev.logremediation.detect.ErrorEvent;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Aggregate EIP's strategy: folds each error of a watch and key into its {@link Incident}. The group completes
 * after the quiet period (the route's completionTimeout); the FIRING and new-link updates cannot wait for that, so
 * they are handed to the notify route at once, on the poll that brought the line.
 */
public final class IncidentAggregation implements AggregationStrategy, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentAggregation.class);
    /** Where FIRING and update events go; the body is an {@link IncidentEvent}. */
    public static final String EVENTS_ENDPOINT = "direct:incident-event";

    private CamelContext camelContext;
    private ProducerTemplate events;

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        ErrorEvent error = newExchange.getIn().getBody(ErrorEvent.class);
        Exchange group = oldExchange != null ? oldExchange : newExchange;
        Incident incident = oldExchange != null ? oldExchange.getIn().getBody(Incident.class) : open(newExchange, error);
        Incident.Change change = incident.add(error);
        group.getIn().setBody(incident);
        if (change != Incident.Change.JOINED) {
            Watch watch = newExchange.getProperty("watch", Watch.class);
            IncidentEvent.Kind kind = change == Incident.Change.FIRING ? IncidentEvent.Kind.FIRING : IncidentEvent.Kind.UPDATE;
            if (kind == IncidentEvent.Kind.FIRING) {
                LOG.info("Incident {} FIRING: {} errors of {} in {}", incident.id(), incident.count(), incident.key(),
                        watch.window());
            }
            events().sendBody(EVENTS_ENDPOINT, IncidentEvent.of(kind, watch, incident));
        }
        return group;
    }

    /**
     * An error that comes more than the quiet period (by log time) after the incident's last error starts a new
     * incident, as the completion timeout would have in live mode: so a batch over past logs finds the same incidents.
     */
    @Override
    public boolean canPreComplete() {
        return true;
    }

    @Override
    public boolean preComplete(Exchange oldExchange, Exchange newExchange) {
        if (oldExchange == null) {
            return false;
        }
        Incident incident = oldExchange.getIn().getBody(Incident.class);
        ErrorEvent error = newExchange.getIn().getBody(ErrorEvent.class);
        Watch watch = newExchange.getProperty("watch", Watch.class);
        return error.timestampNanos() - incident.lastNanos() > watch.quietPeriod().toNanos();
    }

    private static Incident open(Exchange exchange, ErrorEvent first) {
        Watch watch = exchange.getProperty("watch", Watch.class);
        return new Incident(watch.name(), first.key(), watch.threshold(), watch.window().toNanos(), first.timestampNanos());
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
