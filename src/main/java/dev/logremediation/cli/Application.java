package dev.logremediation.cli;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The product's Camel Main, configured from a properties file (application.properties by default) and the route
 * files it names. The demo and the tests start this same application with a few overridden properties.
 */
public final class Application implements AutoCloseable {

    private final Main main;

    private Application(Main main) {
        this.main = main;
    }

    /** Starts the routes and returns once they run. */
    public static Application start(Path config, Map<String, String> overrides) throws Exception {
        Main main = configure(config, overrides);
        main.start();
        return new Application(main);
    }

    /** Runs until the JVM is stopped (Ctrl-C, SIGTERM). */
    public static void runUntilStopped(Path config, Map<String, String> overrides) throws Exception {
        configure(config, overrides).run();
    }

    static Main configure(Path config, Map<String, String> overrides) {
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("No configuration file at " + config.toAbsolutePath()
                    + ": run from the project directory or pass --config FILE");
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + config.toAbsolutePath());
        Properties override = new Properties();
        override.putAll(overrides);
        main.setOverrideProperties(override);
        main.configure().addConfiguration(new PipelineBeans());
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
