package dev.logremediation.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The command line: picocli parses the command and its options, runs it, and the outcome is the exit code. */
@Command(name = "java -jar target/log-remediation.jar", sortOptions = false,
        description = "Watches Grafana Loki, turns bursts of errors into incidents and emails on-call.",
        subcommands = {LogRemediation.RunCommand.class, LogRemediation.OnceCommand.class,
                LogRemediation.ReplayCommand.class, LogRemediation.ValidateCommand.class,
                LogRemediation.DemoCommand.class, LogRemediation.OnCallCommand.class, SilenceCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Without a command: run. Every property can be overridden by an environment variable:"
                + " loki.url -> LOKI_URL.", "",
                "Exit codes: 0 done; 1 incidents found (only with --fail-on-incident); 2 bad configuration or usage;",
                "            3 Loki unreachable or refusing the query (once, replay)."})
public final class LogRemediation implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the properties file (default: application.properties in the working directory); the route"
                    + " files are the ones its camel.main.routes-include-pattern names")
    Path config = Path.of("application.properties");

    @Mixin
    HelpOption help;

    final PrintStream out;
    final PrintStream err;

    private LogRemediation(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new LogRemediation(out, err));
        line.setUsageHelpWidth(120);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExitCodeExceptionMapper(e -> ExitCode.BAD_CONFIGURATION);
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            err.println(e instanceof UsageException ? e.getMessage() : "log-remediation: " + rootMessage(e));
            return ExitCode.BAD_CONFIGURATION;
        });
        return line.execute(args);
    }

    /** -h, --help on every command. */
    static final class HelpOption {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        boolean help;
    }

    /** What every command has: the top command's options, and its own help. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        LogRemediation top;

        @Mixin
        HelpOption help;
    }

    /** Without a command: run. */
    @Override
    public Integer call() throws Exception {
        Application.runUntilStopped(config, Map.of());
        return ExitCode.DONE;
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    @Command(name = "run", description = "Watch Loki and email on-call until stopped (the default).")
    static final class RunCommand extends Subcommand {

        @Override
        public Integer call() throws Exception {
            return top.call();
        }
    }

    /** The options of once and replay: where the outcome goes. */
    static final class ReportOptions {
        @Option(names = "--dry-run", description = "print the emails instead of sending them (replay always does)")
        boolean dryRun;

        @Option(names = "--report", paramLabel = "FILE", description = "write the incident report there")
        Path report;

        @Option(names = "--report-format", paramLabel = "F", description = "md (default), html or json")
        String reportFormat = "md";

        @Option(names = "--fail-on-incident", description = "exit 1 when the window held an incident")
        boolean failOnIncident;

        BatchRun.Options batchOptions(String from, String to, Instant now) {
            if (!List.of("md", "html", "json").contains(reportFormat)) {
                throw new UsageException("--report-format \"" + reportFormat + "\": write md, html or json");
            }
            Instant start = from == null ? null : TimeArgument.parse("--from", from, now);
            Instant end = TimeArgument.parse("--to", to, now);
            if (start != null && !start.isBefore(end)) {
                throw new UsageException("--from " + from + " is not before --to " + to);
            }
            return new BatchRun.Options(start, end, dryRun, report, reportFormat, failOnIncident);
        }
    }

    @Command(name = "once", sortOptions = false,
            description = "Process a window of past logs through the same routes, then exit.")
    static final class OnceCommand extends Subcommand {

        @Option(names = "--from", paramLabel = "TIME", description = "start (RFC3339, now, or relative: -2h, -30m,"
                + " -1d); without it, continue from the saved cursor up to now (cron catch-up)")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "end, exclusive (default: now)")
        String to = "now";

        @Mixin
        ReportOptions report;

        @Override
        public Integer call() throws Exception {
            return BatchRun.run(top.config, report.batchOptions(from, to, Instant.now()), Map.of(), top.out,
                    top.err);
        }
    }

    @Command(name = "replay", sortOptions = false,
            description = "Dry-run the pipeline offline over saved query_range answers or JSON lines of"
                    + " {\"ts\",\"labels\",\"line\"}, and print the incidents.")
    static final class ReplayCommand extends Subcommand {

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "the files to replay")
        List<Path> files;

        @Mixin
        ReportOptions report;

        @Override
        public Integer call() throws Exception {
            return Replay.run(top.config, files, report.batchOptions(null, "now", Instant.now()), top.out,
                    top.err);
        }
    }

    @Command(name = "validate", description = "Check the configuration, every route file and watch, Loki and SMTP.")
    static final class ValidateCommand extends Subcommand {

        @Option(names = "--offline", description = "do not contact Loki or SMTP")
        boolean offline;

        @Override
        public Integer call() throws Exception {
            return Validate.run(top.config, offline, top.out);
        }
    }

    @Command(name = "demo", sortOptions = false, description = "Sandbox Loki, SMTP and JWT Pizza traffic on 127.0.0.1,"
            + " the real routes with short windows, each email printed; exits 0 after the RESOLVED email.")
    static final class DemoCommand extends Subcommand {

        @Option(names = "--scenario", paramLabel = "NAME", description = "remediation (default): FIRING, the link"
                + " followed, a verified purchase, RESOLVED; oncall: remediation off, FIRING, a reminder, an"
                + " acknowledgement by reply that stops the escalation, RESOLVED")
        String scenario = "remediation";

        @Override
        public Integer call() throws Exception {
            Demo.Scenario chosen = switch (scenario.toLowerCase(java.util.Locale.ROOT)) {
                case "remediation" -> Demo.Scenario.REMEDIATION;
                case "oncall" -> Demo.Scenario.ONCALL;
                default -> throw new UsageException("Unknown --scenario '" + scenario + "': remediation or oncall");
            };
            return Demo.run(top.config, chosen, top.out);
        }
    }

    @Command(name = "oncall", description = "The on-call schedule of oncall.schedule-file.",
            subcommands = OnCallWhoCommand.class)
    static final class OnCallCommand {
        @ParentCommand
        LogRemediation top;

        @Mixin
        HelpOption help;
    }

    @Command(name = "who", sortOptions = false, description = "Print who is on call, per rotation: the person, their"
            + " email, since and until when, and whether an override puts them there.")
    static final class OnCallWhoCommand implements Callable<Integer> {
        @ParentCommand
        OnCallCommand oncall;

        @Mixin
        HelpOption help;

        @Option(names = "--at", paramLabel = "TIME", description = "when (RFC3339, now, or relative: -2h, -30m, -1d;"
                + " default: now)")
        String at = "now";

        @Option(names = "--rotation", paramLabel = "NAME", description = "only this rotation")
        String rotation;

        @Override
        public Integer call() {
            return OnCallWho.run(oncall.top.config, TimeArgument.parse("--at", at, Instant.now()), rotation,
                    oncall.top.out);
        }
    }
}
