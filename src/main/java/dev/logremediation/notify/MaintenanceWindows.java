package dev.logremediation.notify;

import dev.logremediation.config.InvalidSettingException;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * Recurring maintenance windows (setting oncall.maintenance): {@code WATCH=CRON@DURATION;...}, each CRON a Quartz cron
 * expression (seconds minutes hours day-of-month month day-of-week, e.g. {@code 0 0 2 ? * SUN}) in the zone of
 * oncall.maintenance-zone, each occurrence silencing the watch's incidents for DURATION. An occurrence is a silence
 * like one made by {@code silence add}; its id names the watch and the occurrence's start, so the messages it held
 * are released when that occurrence ends. Occurrences of one window should not overlap (a window longer than the time
 * between its starts): the earliest one going on names the silence, so its held messages are released when it ends.
 */
public final class MaintenanceWindows {

    static final String SETTING = "oncall.maintenance";

    private record Window(String watch, String cron, CronExpression schedule, Duration length, String lengthText) {
    }

    private final List<Window> windows;

    private MaintenanceWindows(List<Window> windows) {
        this.windows = windows;
    }

    /** @throws InvalidSettingException naming the window that cannot be read */
    public static MaintenanceWindows parse(String setting, ZoneId zone) {
        List<Window> windows = new ArrayList<>();
        for (String entry : setting.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            int at = entry.lastIndexOf('@');
            if (equals < 1 || at < equals) {
                throw invalid(entry, "WATCH=CRON@DURATION");
            }
            String watch = entry.substring(0, equals).trim();
            String cron = entry.substring(equals + 1, at).trim();
            String lengthText = entry.substring(at + 1).trim();
            Duration length = dev.logremediation.config.SettingValues.duration(SETTING, lengthText);
            if (length.isZero()) {
                throw invalid(entry, "a duration longer than 0 after @");
            }
            try {
                CronExpression schedule = new CronExpression(cron);
                schedule.setTimeZone(TimeZone.getTimeZone(zone));
                windows.add(new Window(watch, cron, schedule, length, lengthText));
            } catch (ParseException e) {
                throw invalid(entry, "a Quartz cron expression before @ such as 0 0 2 ? * SUN (" + e.getMessage() + ")");
            }
        }
        return new MaintenanceWindows(List.copyOf(windows));
    }

    private static InvalidSettingException invalid(String entry, String expected) {
        return new InvalidSettingException(SETTING, entry.trim(), expected);
    }

    /** @throws InvalidSettingException for a window of a watch that does not exist */
    public void checkWatches(java.util.Collection<String> watches) {
        windows.stream().filter(window -> !watches.contains(window.watch())).findFirst().ifPresent(window -> {
            throw new InvalidSettingException(SETTING, window.watch() + "=" + window.cron() + "@" + window.lengthText(),
                    "a watch of routes/watches.camel.yaml before = (the watches are " + String.join(", ", watches)
                            + ")");
        });
    }

    /** The occurrences going on at {@code now}, each as a silence of its watch. */
    public List<Silence> activeAt(Instant now) {
        List<Silence> active = new ArrayList<>();
        for (Window window : windows) {
            occurrenceAt(window, now).ifPresent(start -> active.add(new Silence(
                    "maintenance:" + window.watch() + "@" + start, window.watch(), null, null, start,
                    start.plus(window.length()), "maintenance window " + window.cron() + " for " + window.lengthText(),
                    SETTING, true)));
        }
        return active;
    }

    /**
     * The start of the occurrence covering {@code now}: the first one after {@code now - length} (Quartz tells the
     * next fire time only), when it is not later than now.
     */
    private static Optional<Instant> occurrenceAt(Window window, Instant now) {
        Date first = window.schedule().getTimeAfter(Date.from(now.minus(window.length())));
        return first == null || first.toInstant().isAfter(now) ? Optional.empty() : Optional.of(first.toInstant());
    }
}
