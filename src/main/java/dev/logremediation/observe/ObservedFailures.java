package dev.logremediation.observe;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts what went wrong, from Camel's exchange events: a poll exchange that ended without its cursor commit is a
 * failed poll; a failure the routes' error handling dealt with (routes/errors.camel.yaml: after its retries) is
 * counted by the route it happened in.
 */
final class ObservedFailures extends EventNotifierSupport {

    private final PipelineMetrics metrics;
    private final ObservedSteps steps;

    ObservedFailures(PipelineMetrics metrics, ObservedSteps steps) {
        this.metrics = metrics;
        this.steps = steps;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent
                || event instanceof CamelEvent.ExchangeFailureHandledEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (event instanceof CamelEvent.ExchangeFailureHandledEvent) {
            String route = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
            if (route == null) {
                route = exchange.getFromRouteId() != null ? exchange.getFromRouteId() : "unknown";
            }
            metrics.failureHandled(route);
            return;
        }
        // completed or failed: the end of an exchange's unit of work
        steps.exchangeEnded(exchange);
    }
}
