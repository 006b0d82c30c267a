package dev.logremediation.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line: parses the command and its flags, runs it, and turns the outcome into an exit code. */
public final class LogRemediation {

    static final String USAGE = """
            Usage: java -jar target/log-remediation.jar [COMMAND] [OPTIONS]

            Commands:
              run                  watch Loki and email on-call until stopped (the default)
              once                 process a window of past logs through the same routes, then exit
                --from TIME        start (RFC3339, now, or relative: -2h, -30m, -1d); without it, continue from
                                   the saved cursor up to now (cron catch-up)
                --to TIME          end, exclusive (default: now)
              replay FILE...       dry-run the pipeline offline over saved query_range answers or JSON lines of
                                   {"ts","labels","line"}, and print the incidents
              validate             check the configuration, every route file and watch, Loki and SMTP
                --offline          do not contact Loki or SMTP
              demo                 sandbox Loki, SMTP and JWT Pizza traffic on 127.0.0.1, the real routes with
                                   short windows, each email printed; exits 0 after the RESOLVED email

            Options of once and replay:
              --dry-run            print the emails instead of sending them (replay always does)
              --report FILE        write the incident report there
              --report-format F    md (default), html or json
              --fail-on-incident   exit 1 when the window held an incident

            Options of every command:
              --config FILE        the properties file (default: application.properties in the working directory);
                                   the route files are the ones its camel.main.routes-include-pattern names
              --help               this text

            Every property can be overridden by an environment variable: loki.url -> LOKI_URL.

            Exit codes: 0 done; 1 incidents found (only with --fail-on-incident); 2 bad configuration or usage;
                        3 Loki unreachable or refusing the query (once, replay).
            """;

    private LogRemediation() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return ExitCode.BAD_CONFIGURATION;
        }
        try {
            return switch (line.command) {
                case "help" -> {
                    out.print(USAGE);
                    yield ExitCode.DONE;
                }
                case "demo" -> Demo.run(line.config);
                case "validate" -> Validate.run(line.config, line.offline, out);
                case "once" -> BatchRun.run(line.config, line.batchOptions(Instant.now()), Map.of(), out, err);
                case "replay" -> Replay.run(line.config, line.files, line.batchOptions(Instant.now()), out, err);
                default -> {
                    Application.runUntilStopped(line.config, Map.of());
                    yield ExitCode.DONE;
                }
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            return ExitCode.BAD_CONFIGURATION;
        } catch (Exception e) {
            err.println("log-remediation: " + rootMessage(e));
            return ExitCode.BAD_CONFIGURATION;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** The parsed arguments. */
    static final class CommandLine {
        String command = "run";
        Path config = Path.of("application.properties");
        String from;
        String to = "now";
        boolean dryRun;
        boolean offline;
        boolean failOnIncident;
        Path report;
        String reportFormat = "md";
        final List<Path> files = new ArrayList<>();

        static CommandLine parse(String[] args) {
            CommandLine line = new CommandLine();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h", "help" -> line.command = "help";
                    case "run", "demo", "once", "replay", "validate" -> line.command = arg;
                    case "--config" -> line.config = Path.of(value(args, ++i, arg));
                    case "--from" -> line.from = value(args, ++i, arg);
                    case "--to" -> line.to = value(args, ++i, arg);
                    case "--report" -> line.report = Path.of(value(args, ++i, arg));
                    case "--report-format" -> line.reportFormat = value(args, ++i, arg);
                    case "--dry-run" -> line.dryRun = true;
                    case "--offline" -> line.offline = true;
                    case "--fail-on-incident" -> line.failOnIncident = true;
                    default -> {
                        if (arg.startsWith("-") || !"replay".equals(line.command)) {
                            throw new UsageException("Unknown argument " + arg);
                        }
                        line.files.add(Path.of(arg));
                    }
                }
            }
            if ("replay".equals(line.command) && line.files.isEmpty()) {
                throw new UsageException("replay needs one or more files");
            }
            if (!List.of("md", "html", "json").contains(line.reportFormat)) {
                throw new UsageException("--report-format \"" + line.reportFormat + "\": write md, html or json");
            }
            return line;
        }

        BatchRun.Options batchOptions(Instant now) {
            Instant start = from == null ? null : TimeArgument.parse("--from", from, now);
            Instant end = TimeArgument.parse("--to", to, now);
            if (start != null && !start.isBefore(end)) {
                throw new UsageException("--from " + from + " is not before --to " + to);
            }
            return new BatchRun.Options(start, end, dryRun, report, reportFormat, failOnIncident);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            return args[i];
        }
    }
}
