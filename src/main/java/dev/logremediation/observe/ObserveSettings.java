package dev.logremediation.observe;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.Settings;

import java.time.Duration;

/**
 * The observe.* settings (application.properties, section observe). Camel Main reads enabled, host and port itself
 * (camel.management.* = {{observe.*}}); they are checked here too, for a one-line error naming the observe key.
 *
 * @param enabled       serve /observe/health and /observe/metrics
 * @param host          the address the endpoints bind to
 * @param port          their port (0: any free port)
 * @param maxPollAge    readiness is DOWN when a watch has had no successful poll for longer
 * @param lokiReadyPath Loki's ready endpoint, asked by readiness; blank: not asked
 * @param lokiTimeout   connect and answer timeout of that request
 */
record ObserveSettings(boolean enabled, String host, int port, Duration maxPollAge, String lokiReadyPath,
                       Duration lokiTimeout) {

    static ObserveSettings of(Settings settings) {
        String enabled = settings.text("observe.enabled");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new InvalidSettingException("observe.enabled", enabled, "true or false");
        }
        String port = settings.text("observe.port");
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            throw new InvalidSettingException("observe.port", port, "a TCP port, 1 to 65535 (0: any free port)");
        }
        String readyPath = settings.text("observe.loki-ready-path");
        if (!readyPath.isEmpty() && !readyPath.startsWith("/")) {
            throw new InvalidSettingException("observe.loki-ready-path", readyPath, "a path starting with /, or empty");
        }
        return new ObserveSettings(Boolean.parseBoolean(enabled), settings.text("observe.host"), number,
                settings.duration("observe.max-poll-age"), readyPath,
                settings.duration("observe.loki-timeout"));
    }
}
