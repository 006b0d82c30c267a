package dev.logremediation.oncall;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.SettingValues;
import dev.logremediation.config.Watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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

    /** A watch's escalation parameter that asks for no escalation. */
    static final String NONE = "none";

    private final List<Level> levels;
    /** Where the levels are written: oncall.escalation, or a watch's parameter. */
    private final String where;

    private EscalationPolicy(List<Level> levels, String where) {
        this.levels = List.copyOf(levels);
        this.where = where;
    }

    public static EscalationPolicy none() {
        return new EscalationPolicy(List.of(), SETTING);
    }

    /** @throws InvalidSettingException naming the level that cannot be read */
    public static EscalationPolicy parse(String setting) {
        return parse(SETTING, setting);
    }

    /** A watch's own levels (its escalation parameter), or none when it says {@value #NONE}. */
    static EscalationPolicy ofWatch(Watch watch) {
        return parse("watch " + watch.name() + " parameter escalation",
                watch.escalation().equalsIgnoreCase(NONE) ? "" : watch.escalation());
    }

    /**
     * What is wrong with the watches' own escalation parameters, one line each: levels that cannot be read, rotations
     * the schedule lacks.
     */
    public static List<String> problemsOfWatches(Collection<Watch> watches, OnCallSchedule schedule) {
        List<String> problems = new ArrayList<>();
        for (Watch watch : watches) {
            if (watch.escalation() != null) {
                try {
                    problems.addAll(ofWatch(watch).unknownRotations(schedule));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    private static EscalationPolicy parse(String where, String setting) {
        List<Level> levels = new ArrayList<>();
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw invalid(where, setting, "AFTER=RECIPIENTS;... e.g. 10m=rotation:secondary;30m=team@example.com,"
                        + " not \""
                        + entry.trim() + "\"");
            }
            Duration after = SettingValues.duration(where, entry.substring(0, equals).trim());
            List<String> recipients = SettingValues.list(entry.substring(equals + 1));
            if (recipients.isEmpty()) {
                throw invalid(where, setting, "recipients after " + entry.substring(0, equals + 1).trim());
            }
            if (!levels.isEmpty() && after.compareTo(levels.get(levels.size() - 1).after()) <= 0) {
                throw invalid(where, setting, "levels in order, each later than the one before (\"" + entry.trim()
                        + "\")");
            }
            if (after.isZero()) {
                throw invalid(where, setting, "a delay longer than 0 (\"" + entry.trim() + "\")");
            }
            levels.add(new Level(levels.size() + 1, after, recipients));
        }
        return new EscalationPolicy(levels, where);
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
                .map(rotation -> where + " names rotation " + rotation + ", which oncall.schedule-file does not"
                        + " define").toList();
    }

    private static InvalidSettingException invalid(String where, String setting, String expected) {
        return new InvalidSettingException(where, setting, expected);
    }
}
