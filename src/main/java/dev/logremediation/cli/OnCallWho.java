package dev.logremediation.cli;

import dev.logremediation.config.KnownSettings;
import dev.logremediation.oncall.OnCallSchedule;
import dev.logremediation.oncall.Rotation;
import dev.logremediation.oncall.ScheduleFile;
import dev.logremediation.oncall.Shift;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code oncall who}: who is on call at a time, per rotation of oncall.schedule-file, read as a run reads it (the
 * file given over the shipped defaults, the environment over both) without starting the routes.
 */
final class OnCallWho {

    private static final String SETTING = "oncall.schedule-file";
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private OnCallWho() {
    }

    static int run(Path config, Instant at, String rotationName, PrintStream out) {
        KnownSettings.shipped().check(config, java.util.Map.of());
        String file = Optional.ofNullable(System.getenv("ONCALL_SCHEDULE_FILE"))
                .orElse(KnownSettings.shipped().withDefaults(config).getProperty(SETTING, ""));
        if (file.isBlank()) {
            throw new UsageException(SETTING + " is empty: there is no schedule to ask (docs/oncall.md, \"Schedules\")");
        }
        OnCallSchedule schedule = ScheduleFile.read(file);
        List<Rotation> rotations = schedule.rotations().stream()
                .filter(rotation -> rotationName == null || rotation.name().equals(rotationName)).toList();
        if (rotations.isEmpty()) {
            throw new UsageException("--rotation " + rotationName + ": " + file + " defines "
                    + String.join(", ", schedule.rotations().stream().map(Rotation::name).toList()));
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ROTATION", "PERSON", "EMAIL", "SINCE", "UNTIL", "OVERRIDE"));
        for (Rotation rotation : rotations) {
            Optional<Shift> shift = schedule.onCall(rotation.name(), at);
            rows.add(shift.map(on -> List.of(rotation.name(), on.person().name(), on.person().email(),
                            LOCAL_TIME.format(on.since().atZone(rotation.zone())),
                            LOCAL_TIME.format(on.until().atZone(rotation.zone())), on.override() ? "yes" : "no"))
                    .orElse(List.of(rotation.name(), "nobody (before the first turn: mail.to is emailed)", "-", "-",
                            "-", "no")));
        }
        out.println("on call at " + at + ":");
        printAligned(rows, out);
        return ExitCode.DONE;
    }

    private static void printAligned(List<List<String>> rows, PrintStream out) {
        int[] widths = new int[rows.get(0).size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line);
        }
    }
}
