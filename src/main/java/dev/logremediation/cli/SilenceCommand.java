package dev.logremediation.cli;

import dev.logremediation.config.Watch;
import dev.logremediation.config.WatchSettings;
import dev.logremediation.notify.Silence;
import dev.logremediation.notify.Silences;
import dev.logremediation.text.Text;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code silence add | list | expire}: silences in the state database, which every instance reads (docs/oncall.md,
 * "Silences"). The arguments are checked before anything is stored: a mistake is one line, exit code 2, and changes
 * nothing.
 */
@Command(name = "silence", description = "Add, list or expire silences: a silenced incident emails nobody until the"
        + " silence ends.", subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class,
        SilenceCommand.Expire.class})
final class SilenceCommand {

    @ParentCommand
    LogRemediation top;

    @Mixin
    LogRemediation.HelpOption help;

    /** The configured product with no route started: its state database and its watches. */
    private <T> T withState(StateTask<T> task) throws Exception {
        try (Application app = Application.startForCommand(top.config)) {
            var registry = app.context().getRegistry();
            return task.run(registry.lookupByNameAndType("silences", Silences.class),
                    registry.lookupByNameAndType("watchSettings", WatchSettings.class).all().stream()
                            .map(Watch::name).toList());
        }
    }

    private interface StateTask<T> {
        T run(Silences silences, List<String> watches) throws Exception;
    }

    /** Either --for or --until. */
    static final class End {
        @Option(names = "--for", paramLabel = "DURATION", required = true,
                description = "how long from now, e.g. 30m, 2h")
        String length;

        @Option(names = "--until", paramLabel = "TIME", required = true,
                description = "when it ends: RFC3339 (2026-11-27T06:00:00Z)")
        String until;

        Instant at(Instant now) {
            if (until != null) {
                Instant end = TimeArgument.parse("--until", until, now);
                if (!end.isAfter(now)) {
                    throw new UsageException("--until " + until + " is not in the future: a silence must end after"
                            + " now");
                }
                return end;
            }
            Duration duration;
            try {
                duration = dev.logremediation.config.SettingValues.duration("--for", length);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--for \"" + length + "\" is not a duration: write e.g. 30m or 2h");
            }
            if (duration.isZero()) {
                throw new UsageException("--for " + length + " ends now: a silence must end after now");
            }
            return now.plus(duration);
        }
    }

    @Command(name = "add", sortOptions = false, description = "Silence a watch's incidents (optionally one key, or"
            + " those matching a regex) from now until the end given; prints the silence's id.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        SilenceCommand group;

        @Mixin
        LogRemediation.HelpOption help;

        @Option(names = "--watch", paramLabel = "W", required = true, description = "the watch (routes/watches.camel.yaml)")
        String watch;

        @Option(names = "--key", paramLabel = "K", description = "only the incidents of this key (the service, by"
                + " default)")
        String key;

        @Option(names = "--matching", paramLabel = "REGEX", description = "only incidents whose signature or a sample"
                + " line holds a match of this Java regular expression")
        String matching;

        @ArgGroup(multiplicity = "1")
        End end;

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "why (shown in the report)")
        String reason;

        @Option(names = "--by", paramLabel = "WHO", description = "who silences (default: the user name)")
        String by = System.getProperty("user.name", "unknown");

        @Option(names = "--no-remediation", description = "do not follow the resolution links of silenced incidents")
        boolean noRemediation;

        @Override
        public Integer call() throws Exception {
            Instant now = Instant.now();
            Instant until = end.at(now);
            if (matching != null) {
                try {
                    Pattern.compile(matching);
                } catch (PatternSyntaxException e) {
                    throw new UsageException("--matching \"" + matching + "\" is not a regular expression: "
                            + e.getDescription());
                }
            }
            if (Text.oneLine(reason, 1000).isBlank()) {
                throw new UsageException("--reason is empty: say why, for the report");
            }
            Silence silence = new Silence("s-" + UUID.randomUUID().toString().substring(0, 8), watch,
                    key, matching, now, until, Text.oneLine(reason, 1000), Text.oneLine(by, 200), !noRemediation);
            return group.withState((silences, watches) -> {
                if (!watches.contains(watch)) {
                    throw new UsageException("--watch " + watch + ": no such watch (the watches are "
                            + String.join(", ", watches) + ")");
                }
                silences.add(silence);
                group.top.out.println(silence.id());
                return ExitCode.DONE;
            });
        }
    }

    @Command(name = "list", description = "The silences going on or starting later.")
    static final class ListSilences implements Callable<Integer> {
        @ParentCommand
        SilenceCommand group;

        @Mixin
        LogRemediation.HelpOption help;

        @Override
        public Integer call() throws Exception {
            return group.withState((silences, watches) -> {
                List<Silence> notEnded = silences.notEndedAt(Instant.now());
                if (notEnded.isEmpty()) {
                    group.top.out.println("no silence");
                }
                for (Silence silence : notEnded) {
                    group.top.out.println(silence.id() + "  watch " + silence.watch()
                            + (silence.key() == null ? "" : ", key " + silence.key())
                            + (silence.matching() == null ? "" : ", matching " + silence.matching())
                            + "  " + silence.startsAt() + " to " + silence.endsAt() + "  by " + silence.by()
                            + (silence.remediation() ? "" : "  no remediation") + "  " + silence.reason());
                }
                return ExitCode.DONE;
            });
        }
    }

    @Command(name = "expire", description = "End a silence now: what it held is sent if its incident still fires.")
    static final class Expire implements Callable<Integer> {
        @ParentCommand
        SilenceCommand group;

        @Mixin
        LogRemediation.HelpOption help;

        @Parameters(paramLabel = "ID", description = "the silence's id (silence list)")
        String id;

        @Override
        public Integer call() throws Exception {
            return group.withState((silences, watches) -> {
                Silence silence = silences.byId(id).orElseThrow(() -> new UsageException("silence " + id
                        + ": no such silence (silence list shows them)"));
                if (!silences.expire(id, Instant.now())) {
                    throw new UsageException("silence " + id + " already ended at " + silence.endsAt());
                }
                group.top.out.println("expired " + id);
                return ExitCode.DONE;
            });
        }
    }
}
