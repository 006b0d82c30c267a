package dev.logremediation.notify;

import dev.logremediation.config.Watch;
import dev.logremediation.text.Text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the maps handed to the templates (docs/templates.md lists every field). A field the template may test
 * for is present with a null value rather than absent, since a missing field is an error.
 */
final class MessageModel {

    private MessageModel() {
    }

    /** Name and value pairs, values may be null. */
    static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> model = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            model.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return model;
    }

    /** The {@code watch} field every message has. */
    static Map<String, Object> watch(Watch watch) {
        return of("name", watch.name(), "query", watch.query(), "threshold", watch.threshold(),
                "window", Text.duration(watch.window()), "quietPeriod", Text.duration(watch.quietPeriod()),
                "noDataAfter", Text.duration(watch.noDataAfter()), "recipients", String.join(", ", watch.recipients()),
                "templates", watch.templates());
    }
}
