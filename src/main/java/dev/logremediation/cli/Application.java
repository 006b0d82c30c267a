package dev.logremediation.cli;

import dev.logremediation.config.KnownSettings;
import dev.logremediation.loki.BatchWindow;
import dev.logremediation.state.StateDatabase.H2Use;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The product's Camel Main, configured from a properties file (application.properties by default) over the shipped
 * defaults, and the route files it names; a key the product does not know stops the start. The demo and the
 * tests start this same application with a few overridden properties.
 */
public final class Application implements AutoCloseable {

    private final Main main;

    private Application(Main main) {
        this.main = main;
    }

    /** Starts the routes of a live run and returns once they run. */
    public static Application start(Path config, Map<String, String> overrides) throws Exception {
        return start(config, overrides, null);
    }

    /** Starts the routes; with a batch window they read that window instead of following now. */
    public static Application start(Path config, Map<String, String> overrides, BatchWindow batch) throws Exception {
        return start(configure(config, overrides, batch, batch == null ? H2Use.SERVE_COMMANDS : H2Use.ALONE));
    }

    /**
     * The configured product for a command on its state (`silence`), its routes not started: beside a running
     * instance on the same H2 file, the state is reached through that instance.
     */
    static Application startForCommand(Path config) throws Exception {
        return start(configure(config, Map.of("camel.main.auto-startup", "false", "observe.enabled", "false"), null,
                H2Use.THROUGH_RUNNING_INSTANCE));
    }

    private static Application start(Main main) throws Exception {
        main.start();
        return new Application(main);
    }

    /** Runs until the JVM is stopped (Ctrl-C, SIGTERM). */
    public static void runUntilStopped(Path config, Map<String, String> overrides) throws Exception {
        configure(config, overrides, null, H2Use.SERVE_COMMANDS).run();
    }

    private static Main configure(Path config, Map<String, String> overrides, BatchWindow batch, H2Use h2Use) {
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("No configuration file at " + config.toAbsolutePath()
                    + ": run from the project directory or pass --config FILE");
        }
        KnownSettings.shipped().check(config, overrides);
        Main main = new Main();
        // the first location that has a key wins: the file given, then the shipped defaults (the environment and
        // the overrides win over both)
        main.setPropertyPlaceholderLocations("file:" + config.toAbsolutePath() + ",classpath:" + KnownSettings.DEFAULTS);
        Properties override = new Properties();
        override.putAll(overrides);
        main.setOverrideProperties(override);
        main.configure().addConfiguration(new PipelineBeans(batch, h2Use));
        return main;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
