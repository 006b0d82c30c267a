package dev.logremediation.oncall;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.SettingValues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Who else is told while an incident fires unacknowledged (setting oncall.escalation): {@code AFTER=RECIPIENTS;...},
 * e.g. {@code 10m=rotation:secondary;30m=team@example.com}, each AFTER counted from the FIRING email, each level
 * later than the one before, RECIPIENTS addresses and {@code rotation:NAME}s separated by commas.
 */
public final class EscalationPolicy {

    static final String SETTING = "oncall.escalation";

    /** One level: after this long unacknowledged, these are told (and may acknowledge). */
    public record Level(int number, Duration after, List<String> recipients) {
    }

    private final List<Level> levels;

    private EscalationPolicy(List<Level> levels) {
        this.levels = List.copyOf(levels);
    }

    public static EscalationPolicy none() {
        return new EscalationPolicy(List.of());
    }

    /** @throws InvalidSettingException naming the level that cannot be read */
    public static EscalationPolicy parse(String setting) {
        List<Level> levels = new ArrayList<>();
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw invalid(setting, "AFTER=RECIPIENTS;... e.g. 10m=rotation:secondary;30m=team@example.com, not \""
                        + entry.trim() + "\"");
            }
            Duration after = SettingValues.duration(SETTING, entry.substring(0, equals).trim());
            List<String> recipients = SettingValues.list(entry.substring(equals + 1));
            if (recipients.isEmpty()) {
                throw invalid(setting, "recipients after " + entry.substring(0, equals + 1).trim());
            }
            if (!levels.isEmpty() && after.compareTo(levels.get(levels.size() - 1).after()) <= 0) {
                throw invalid(setting, "levels in order, each later than the one before (\"" + entry.trim() + "\")");
            }
            if (after.isZero()) {
                throw invalid(setting, "a delay longer than 0 (\"" + entry.trim() + "\")");
            }
            levels.add(new Level(levels.size() + 1, after, recipients));
        }
        return new EscalationPolicy(levels);
    }

    public List<Level> levels() {
        return levels;
    }

    /** The level after {@code reached} levels, if there is one. */
    public java.util.Optional<Level> next(int reached) {
        return reached < levels.size() ? java.util.Optional.of(levels.get(reached)) : java.util.Optional.empty();
    }

    /** The rotations the levels name that the schedule lacks, one problem line each. */
    public List<String> unknownRotations(OnCallSchedule schedule) {
        return levels.stream().flatMap(level -> level.recipients().stream()).map(OnCallSchedule::rotationNamed)
                .filter(rotation -> rotation != null && !schedule.defines(rotation)).distinct()
                .map(rotation -> SETTING + " names rotation " + rotation + ", which oncall.schedule-file does not"
                        + " define").toList();
    }

    private static InvalidSettingException invalid(String setting, String expected) {
        return new InvalidSettingException(SETTING, setting, expected);
    }
}
