package dev.logremediation.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line: {@code run} (the default) watches Loki until stopped; {@code demo} runs the sandbox. */
public final class LogRemediation {

    static final String USAGE = """
            Usage: java -jar target/log-remediation.jar [COMMAND] [--config FILE]

            Commands:
              run     watch Loki and email on-call until stopped (the default)
              demo    start a sandbox Loki, SMTP server and JWT Pizza traffic on 127.0.0.1, run the real routes
                      against them with short windows, print each email, exit 0 after the RESOLVED email

            Options:
              --config FILE   the properties file (default: application.properties in the working directory);
                              the route files are the ones its camel.main.routes-include-pattern names
              --help          this text

            Every property can be overridden by an environment variable: loki.url -> LOKI_URL.

            Exit codes: 0 done, 2 bad configuration or usage.
            """;

    private LogRemediation() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String command = "run";
        Path config = Path.of("application.properties");
        List<String> rest = new ArrayList<>(List.of(args));
        try {
            for (int i = 0; i < rest.size(); i++) {
                String arg = rest.get(i);
                switch (arg) {
                    case "--help", "-h", "help" -> {
                        System.out.print(USAGE);
                        return 0;
                    }
                    case "--config" -> {
                        if (i + 1 >= rest.size()) {
                            throw new IllegalArgumentException("--config needs a file");
                        }
                        config = Path.of(rest.get(++i));
                    }
                    case "run", "demo" -> command = arg;
                    default -> throw new IllegalArgumentException("Unknown argument " + arg);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        try {
            if ("demo".equals(command)) {
                return Demo.run(config);
            }
            Application.runUntilStopped(config, Map.of());
            return 0;
        } catch (Exception e) {
            System.err.println("log-remediation: " + rootMessage(e));
            return 2;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
