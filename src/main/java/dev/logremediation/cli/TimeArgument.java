package dev.logremediation.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads --from / --to: RFC3339 ({@code 2026-11-27T06:00:00Z}), {@code now}, or relative to now ({@code -2h}, {@code -30m}). */
final class TimeArgument {

    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)(ms|s|m|h|d)");

    private TimeArgument() {
    }

    static Instant parse(String flag, String text, Instant now) {
        String value = text.trim();
        if (value.equals("now")) {
            return now;
        }
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(ago);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException(flag + " \"" + text + "\" is not a time: write RFC3339 (2026-11-27T06:00:00Z), "
                    + "now, or a time before now such as -2h, -30m, -1d");
        }
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
