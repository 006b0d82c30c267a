package dev.logremediation.observe;

import dev.logremediation.remediate.RemediationWork;
import dev.logremediation.cluster.Leadership;
import dev.logremediation.config.Settings;
import dev.logremediation.loki.LokiSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;

import java.net.URI;
import java.time.Clock;

/**
 * Watching the watcher: binds the product's meters ({@link PipelineMetrics}), what feeds them ({@link ObservedSteps},
 * {@link ObservedFailures}) and the readiness check ({@link LokiReadiness}). The HTTP endpoints themselves are Camel's
 * (camel-platform-http-main's management server, camel-micrometer-prometheus), configured by the camel.management.*
 * and camel.metrics.* lines of application.properties from the observe.* settings.
 */
public final class ObserveBeans {

    /** The registry bean camel-micrometer-prometheus scrapes (MicrometerConstants.METRICS_REGISTRY_NAME). */
    static final String METER_REGISTRY = "metricsRegistry";
    static final String METRICS_BEAN = "pipelineMetrics";

    private ObserveBeans() {
    }

    public static void bind(CamelContext context, Settings settings, Leadership leadership) {
        ObserveSettings observe = ObserveSettings.of(settings);
        MeterRegistry registry = meterRegistry(context);
        PipelineMetrics metrics = new PipelineMetrics(registry, Clock.systemUTC());
        metrics.leadership(leadership);
        context.getRegistry().bind(METRICS_BEAN, metrics);

        ObservedSteps steps = new ObservedSteps(metrics);
        context.getCamelContextExtension().addInterceptStrategy(steps);
        context.getManagementStrategy().addEventNotifier(new ObservedFailures(metrics, steps));

        context.getRegistry().bind("lokiReadiness", new LokiReadiness(metrics, leadership, Clock.systemUTC(), observe.maxPollAge(),
                readyUri(settings, observe), lokiAuthorization(settings), settings.text("loki.org-id"),
                observe.lokiTimeout()));
        RemediationWork work = context.getRegistry().lookupByNameAndType("remediationWork", RemediationWork.class);
        if (work != null) {
            context.getRegistry().bind("remediationBacklog", new RemediationBacklogCheck(work, registry));
        }
    }

    private static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(METER_REGISTRY, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(METER_REGISTRY, registry);
        }
        return registry;
    }

    private static URI readyUri(Settings settings, ObserveSettings observe) {
        if (observe.lokiReadyPath().isEmpty()) {
            return null;
        }
        String base = settings.text("loki.url");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        try {
            URI uri = URI.create(base + observe.lokiReadyPath());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            // credentials go in the Authorization header only, never in the URL
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            // loki.url is reported by the polls and by validate; readiness then relies on the polls alone
            return null;
        }
    }

    /** The same Authorization header the queries send (LokiSettings decides Basic or Bearer). */
    private static String lokiAuthorization(Settings settings) {
        return LokiSettings.access(settings.text("loki.user"), settings.secret("loki.token"), "").authorization();
    }
}
