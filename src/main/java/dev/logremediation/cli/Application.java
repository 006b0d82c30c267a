package dev.logremediation.cli;

import dev.logremediation.config.KnownSettings;
import dev.logremediation.loki.BatchWindow;
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
        Main main = configure(config, overrides, batch);
        main.start();
        return new Application(main);
    }

    /** Runs until the JVM is stopped (Ctrl-C, SIGTERM). */
    public static void runUntilStopped(Path config, Map<String, String> overrides) throws Exception {
        configure(config, overrides, null).run();
    }

    static Main configure(Path config, Map<String, String> overrides, BatchWindow batch) {
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
        main.configure().addConfiguration(new PipelineBeans(batch));
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
