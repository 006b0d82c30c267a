package dev.logremediation.cli;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;

import java.util.List;

/** The routes made from the poll template: one per watched service declared in routes/watches.camel.yaml. */
final class WatchRoutes {

    private WatchRoutes() {
    }

    static List<RouteDefinition> of(CamelContext context) {
        return ((ModelCamelContext) context).getRouteDefinitions().stream()
                .filter(route -> route.isCreatedFromTemplate() && route.getTemplateParameters() != null
                        && route.getTemplateParameters().containsKey("query"))
                .toList();
    }
}
