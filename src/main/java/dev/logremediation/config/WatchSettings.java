package dev.logremediation.config;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.LifecycleStrategySupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The watches the route files declare (templatedRoutes of poll-loki), read into typed {@link Watch}es when the
 * context initialises, before any route is created: a bad parameter stops the start with one line naming the watch
 * and the parameter. Values are taken raw from the route definitions and never pasted into an expression or a
 * placeholder, so any text (quotes, backslashes, {@code {{x}}}, {@code ${x}}) reaches the poll unchanged; only the
 * typed parameters resolve property placeholders, which is how the template's defaults name their settings. The
 * poll route looks its watch up by its route id.
 */
public final class WatchSettings extends LifecycleStrategySupport {

    /** The route template every watch instantiates (routes/poll-loki.camel.yaml). */
    public static final String TEMPLATE = "poll-loki";

    /** The name goes into the timer's name, state keys and metric tags. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, Watch> byRoute = new LinkedHashMap<>();

    /** The routes made from the poll template. */
    public static List<RouteDefinition> routes(CamelContext context) {
        return ((ModelCamelContext) context).getRouteDefinitions().stream()
                .filter(route -> route.isCreatedFromTemplate() && route.getTemplateParameters() != null
                        && route.getTemplateParameters().containsKey("query"))
                .toList();
    }

    @Override
    public void onContextInitializing(CamelContext context) {
        List<String> problems = new ArrayList<>();
        Map<String, String> routeOfName = new HashMap<>();
        for (RouteDefinition route : routes(context)) {
            String routeId = route.idOrCreate(context.getCamelContextExtension().getContextPlugin(
                    org.apache.camel.spi.NodeIdFactory.class));
            try {
                Watch watch = parse(new Parameters(context, route));
                String other = routeOfName.putIfAbsent(watch.name(), routeId);
                if (other != null) {
                    throw new InvalidSettingException("watch " + watch.name() + " parameter name", watch.name(),
                            "a name of its own (route " + other + " has it too)");
                }
                byRoute.put(routeId, watch);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationProblems(problems);
        }
    }

    /** One line per parameter of the template; a new parameter is one more line here and in Watch. */
    private static Watch parse(Parameters parameters) {
        return new Watch(parameters.name(),
                parameters.text("query", SettingValues::required),
                parameters.typed("threshold", SettingValues::positiveInt),
                parameters.typed("window", SettingValues::duration),
                parameters.typed("quietPeriod", SettingValues::duration),
                parameters.text("recipients", WatchSettings::recipients),
                parameters.typed("noDataAfter", SettingValues::duration),
                parameters.text("channels", parameters::channels),
                parameters.text("templates", WatchSettings::templateSet),
                parameters.typed("pushDown", SettingValues::bool),
                parameters.text("remindEvery", (property, text) -> text.isBlank() ? null
                        : SettingValues.duration(property, text.strip())),
                parameters.text("escalation", (property, text) -> text.isBlank() ? null : text.strip()));
    }

    /** The watch of the poll route this exchange runs in. */
    public Watch ofRoute(Exchange exchange) {
        Watch watch = byRoute.get(exchange.getFromRouteId());
        if (watch == null) {
            throw new IllegalStateException("Route " + exchange.getFromRouteId() + " is not a watch of " + TEMPLATE);
        }
        return watch;
    }

    public Collection<Watch> all() {
        return byRoute.values();
    }

    /** A folder name under notify.templates-dir, or empty for the shipped set. */
    private static String templateSet(String property, String text) {
        String set = text.trim();
        if (!set.isEmpty() && !NAME.matcher(set).matches()) {
            throw new InvalidSettingException(property, text, "the name of a folder of notify.templates-dir (letters,"
                    + " digits, '.', '_' or '-'), or empty for the shipped templates");
        }
        return set;
    }

    private static List<String> recipients(String property, String text) {
        List<String> to = SettingValues.list(text);
        if (to.isEmpty()) {
            throw new InvalidSettingException(property, text, "one or more e-mail addresses");
        }
        return to;
    }

    /** A watch route's parameters, as written in its templatedRoute or by the template's defaults. */
    private static final class Parameters {
        private final CamelContext context;
        private final Map<String, Object> given;
        private final Map<String, Object> defaults;
        private final String where;

        Parameters(CamelContext context, RouteDefinition route) {
            this.context = context;
            this.given = route.getTemplateParameters();
            this.defaults = route.getTemplateDefaultParameters() == null ? Map.of() : route.getTemplateDefaultParameters();
            this.where = "watch " + (given.get("name") != null ? given.get("name") : route.getRouteId()) + " parameter ";
        }

        /** Each channel must be defined (type and URL) now: a missing one stops the start, not the first incident. */
        List<String> channels(String property, String text) {
            List<String> names = SettingValues.list(text);
            if (names.isEmpty()) {
                throw new InvalidSettingException(property, text, "email and/or channels defined by channel.<name>.type");
            }
            for (String channel : names) {
                if (!channel.equals(Channel.EMAIL)) {
                    try {
                        Channel.read(channel, key -> context.getPropertiesComponent().resolveProperty(key));
                    } catch (InvalidSettingException e) {
                        throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
                    }
                }
            }
            return names;
        }

        String name() {
            String name = value("name", false);
            if (!NAME.matcher(name).matches()) {
                throw new InvalidSettingException(where + "name", name,
                        "letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
            return name;
        }

        /** A value as the watch writes it; the template's default may name a setting ({{mail.to}}). */
        <T> T text(String parameter, BiFunction<String, String, T> parse) {
            return parse.apply(where + parameter, value(parameter, false));
        }

        /** A number or duration, which may name a setting ({{incident.threshold}}) wherever it is written. */
        <T> T typed(String parameter, BiFunction<String, String, T> parse) {
            return parse.apply(where + parameter, value(parameter, true));
        }

        private String value(String parameter, boolean resolveGiven) {
            // Camel hands the parameters over with the template's defaults filled in
            Object written = given.get(parameter);
            String text = written == null ? "" : written.toString();
            if (!resolveGiven && !Objects.equals(written, defaults.get(parameter))) {
                return text;
            }
            try {
                return context.resolvePropertyPlaceholders(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(where + parameter, text, "a value or an existing setting ("
                        + e.getMessage() + ")");
            }
        }
    }
}
