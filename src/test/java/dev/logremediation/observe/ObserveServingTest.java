package dev.logremediation.observe;

import dev.logremediation.pipeline.RunningPipeline;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.IdAware;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Where the endpoints are served, and that alerting never depends on them. */
class ObserveServingTest {

    @Test
    void servedOn127001AtTheConfiguredPortAndEveryObservedStepExists() throws Exception {
        int port = ObserveClient.freePort();
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("observe.port", Integer.toString(port)))) {
            ManagementHttpServer server = pipeline.context().hasService(ManagementHttpServer.class);
            assertThat(server).isNotNull();
            assertThat(server.getHost()).isEqualTo("127.0.0.1");
            assertThat(server.getPort()).isEqualTo(port);
            assertThat(new ObserveClient(port).get("/observe/metrics").contentType()).startsWith("text/plain");
            // stopping releases the port: a restarted product serves on it again
            pipeline.restart();
            assertThat(new ObserveClient(port).get("/observe/health/live").status()).isEqualTo(200);
            // the counters rely on these step ids of routes/*.camel.yaml: renaming one must fail here
            // (a templated route's steps carry a prefix: route-1commit-cursor)
            List<String> stepIds = pipeline.context().getRoutes().stream().flatMap(route -> route.filter("*").stream())
                    .filter(IdAware.class::isInstance).map(step -> ((IdAware) step).getId()).toList();
            for (String id : ObservedSteps.NODE_IDS) {
                assertThat(stepIds).as("step id %s in the routes", id).anyMatch(step -> step.endsWith(id));
            }
        }
    }

    @Test
    void aPortInUseLeavesTheEndpointsOutButThePipelineRunsAndCounts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            try (RunningPipeline pipeline = RunningPipeline.start(Map.of("observe.port", Integer.toString(port)))) {
                int queries = pipeline.loki.queryCount();
                await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.loki.queryCount() >= queries + 2);
                PipelineMetrics metrics = pipeline.context().getRegistry()
                        .lookupByNameAndType(ObserveBeans.METRICS_BEAN, PipelineMetrics.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> metrics.lastSuccessfulPolls()
                        .getOrDefault("jwt-pizza-service", Optional.empty()).isPresent());
                assertThat(pipeline.context().isStarted()).isTrue();
            }
        }
    }

    @Test
    void observeEnabledFalseServesNothingButStillCounts() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(Map.of("observe.enabled", "false"))) {
            assertThat(pipeline.context().hasService(ManagementHttpServer.class)).isNull();
            PipelineMetrics metrics = pipeline.context().getRegistry()
                    .lookupByNameAndType(ObserveBeans.METRICS_BEAN, PipelineMetrics.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> metrics.lastSuccessfulPolls()
                    .getOrDefault("jwt-pizza-service", Optional.empty()).isPresent());
        }
    }
}
