package dev.logremediation.pipeline;

import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in routes/ is loaded and built, and every route and every `to` has an id a person chose. */
class RouteFilesTest {

    private static List<String> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        }
    }

    @Test
    void everyRouteFileIsLoadedAndItsRoutesStarted() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(java.util.Map.of())) {
            // each file parses on its own into at least one route, template or configuration...
            for (String file : routeFiles()) {
                Resource resource = PluginHelper.getResourceLoader(pipeline.context()).resolveResource("file:routes/" + file);
                assertThat(PluginHelper.getRoutesLoader(pipeline.context()).findRoutesBuilders(resource))
                        .as(file).isNotEmpty();
            }
            // ...and together they built and started
            assertThat(pipeline.context().getRoutes()).extracting(r -> r.getRouteId())
                    .contains("watch-jwt-pizza-service", "detect", "incident-closed", "notify", "send-email", "remediation-rounds",
                            "follow-links", "verify-remediation");
            // every route starts, except those switched off by a setting (the synthetic check, remediation)
            pipeline.context().getRoutes().stream().filter(route -> route.isAutoStartup()).forEach(route ->
                    assertThat(pipeline.context().getRouteController().getRouteStatus(route.getRouteId()).isStarted())
                            .as(route.getRouteId()).isTrue());
            assertThat(pipeline.context().getRoutes()).filteredOn(route -> !route.isAutoStartup())
                    .extracting(r -> r.getRouteId()).containsExactlyInAnyOrder("synthetic-check", "remediation-rounds");
        }
    }

    @Test
    void everyRouteAndEveryToHasAnId() throws Exception {
        try (RunningPipeline pipeline = RunningPipeline.start(java.util.Map.of())) {
            ModelCamelContext model = (ModelCamelContext) pipeline.context();
            List<String> missing = new ArrayList<>();
            for (RouteDefinition route : model.getRouteDefinitions()) {
                if (!route.hasCustomIdAssigned()) {
                    missing.add("route at " + route.getLocation());
                }
                collectToWithoutId(route.getOutputs(), missing);
            }
            assertThat(missing).isEmpty();
        }
    }

    private static void collectToWithoutId(List<ProcessorDefinition<?>> outputs, List<String> missing) {
        for (ProcessorDefinition<?> step : outputs) {
            if ((step instanceof ToDefinition || step instanceof ToDynamicDefinition) && !step.hasCustomIdAssigned()) {
                missing.add(step.getShortName() + " " + ((OptionalIdentifiedDefinition<?>) step).getLabel()
                        + " at " + step.getLocation() + ":" + step.getLineNumber());
            }
            collectToWithoutId(step.getOutputs(), missing);
        }
    }
}
