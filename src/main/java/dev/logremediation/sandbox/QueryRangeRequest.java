package dev.logremediation.sandbox;

import dev.logremediation.loki.LogQlText;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /loki/api/v1/query_range}, read and checked in Loki 2.8's order and with its messages:
 * bounds, end before start, limit, direction, LogQL, then the server limits (entries per query, query length).
 */
record QueryRangeRequest(LogQuery query, long startNanos, long endNanos, int limit, boolean forward) {

    static final int DEFAULT_LIMIT = 100;
    static final long DEFAULT_SINCE_NANOS = 3_600_000_000_000L;
    static final long MAX_QUERY_LENGTH_NANOS = 721 * DEFAULT_SINCE_NANOS;

    private static final Pattern PROMETHEUS_DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] DURATION_UNIT_MILLIS = {
        365L * 24 * 3_600_000, 7L * 24 * 3_600_000, 24L * 3_600_000, 3_600_000, 60_000, 1000, 1};

    /** A 400 answer; the message is Loki's plain-text body. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    static QueryRangeRequest parse(Map<String, String> params, long nowNanos, int maxEntriesLimit) throws BadRequest {
        Bounds bounds = bounds(params, nowNanos);
        long start = bounds.startNanos();
        long end = bounds.endNanos();
        if (end < start) {
            throw new BadRequest("end timestamp must not be before or equal to start time");
        }
        int limit = parseLimit(params.getOrDefault("limit", ""));
        boolean forward = parseDirection(params.getOrDefault("direction", ""));
        LogQuery query;
        try {
            query = LogQuery.parse(params.getOrDefault("query", ""));
        } catch (LogQlText.ParseException e) {
            throw new BadRequest(e.getMessage());
        }
        if (limit > maxEntriesLimit) {
            throw new BadRequest("max entries limit per query exceeded, limit > max_entries_limit ("
                    + limit + " > " + maxEntriesLimit + ")");
        }
        if (end - start > MAX_QUERY_LENGTH_NANOS) {
            throw new BadRequest("the query time range exceeds the limit (query length: " + goDuration(end - start)
                    + ", limit: 30d1h)");
        }
        return new QueryRangeRequest(query, start, end, limit, forward);
    }

    /** The time range of a request, as Loki reads {@code start}, {@code end} and {@code since}. */
    record Bounds(long startNanos, long endNanos) {
    }

    /** Loki's {@code bounds}: end defaults to now, start to end (or now, if earlier) minus since, one hour by default. */
    static Bounds bounds(Map<String, String> params, long nowNanos) throws BadRequest {
        long sinceNanos = DEFAULT_SINCE_NANOS;
        String since = params.getOrDefault("since", "");
        if (!since.isEmpty()) {
            sinceNanos = parseDuration(since, "could not parse 'since' parameter: ");
        }
        long end = parseTimestamp(params.getOrDefault("end", ""), nowNanos, "end");
        long start = parseTimestamp(params.getOrDefault("start", ""), Math.min(end, nowNanos) - sinceNanos, "start");
        return new Bounds(start, end);
    }

    /**
     * Loki's timestamp rules: a decimal number is seconds rounded to milliseconds, an integer of up to 10 characters
     * is seconds, a longer one nanoseconds, and otherwise RFC3339 (with optional fraction) is tried.
     */
    static long parseTimestamp(String value, long defaultNanos, String parameter) throws BadRequest {
        if (value.isEmpty()) {
            return defaultNanos;
        }
        String problem = "could not parse '" + parameter + "' parameter: ";
        try {
            if (value.contains(".")) {
                try {
                    BigDecimal seconds = new BigDecimal(value).setScale(3, RoundingMode.HALF_UP);
                    return seconds.movePointRight(9).longValueExact();
                } catch (NumberFormatException notADecimal) {
                    // fall through, like Loki: maybe RFC3339 with a fraction
                }
            }
            try {
                long number = Long.parseLong(value);
                return value.length() <= 10 ? Math.multiplyExact(number, 1_000_000_000L) : number;
            } catch (NumberFormatException notAnInteger) {
                try {
                    Instant instant = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
                } catch (DateTimeParseException notRfc3339) {
                    String reason = value.matches("[+-]?\\d+") ? "value out of range" : "invalid syntax";
                    throw new BadRequest(problem + "strconv.ParseInt: parsing \"" + value + "\": " + reason);
                }
            }
        } catch (ArithmeticException outOfRange) {
            throw new BadRequest(problem + "timestamp out of range: \"" + value + "\"");
        }
    }

    private static int parseLimit(String value) throws BadRequest {
        long limit = DEFAULT_LIMIT;
        if (!value.isEmpty()) {
            try {
                limit = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new BadRequest("strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
            }
        }
        if (limit <= 0) {
            throw new BadRequest("limit must be a positive value");
        }
        return (int) Math.min(limit, Integer.MAX_VALUE);
    }

    /** Loki upper-cases the value before matching it, so {@code FORWARD} works too. */
    private static boolean parseDirection(String value) throws BadRequest {
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "", "BACKWARD" -> false;
            case "FORWARD" -> true;
            default -> throw new BadRequest("invalid direction '" + value + "'");
        };
    }

    /** Prometheus durations as Loki reads {@code since}: {@code 1h}, {@code 15m}, {@code 1h30m}, {@code 2d}, {@code 500ms}. */
    static long parseDuration(String value, String problem) throws BadRequest {
        if (value.equals("0")) {
            return 0;
        }
        Matcher m = PROMETHEUS_DURATION.matcher(value);
        if (value.isEmpty() || !m.matches()) {
            throw new BadRequest(problem + "not a valid duration string: \"" + value + "\"");
        }
        long millis = 0;
        for (int group = 1; group <= DURATION_UNIT_MILLIS.length; group++) {
            if (m.group(group) != null) {
                millis += Long.parseLong(m.group(group)) * DURATION_UNIT_MILLIS[group - 1];
            }
        }
        return millis * 1_000_000L;
    }

    /** Go's {@code time.Duration} text, e.g. {@code 722h0m0s}. */
    static String goDuration(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        BigDecimal secondsPart = BigDecimal.valueOf(nanos % 60_000_000_000L, 9).stripTrailingZeros();
        return seconds / 3600 + "h" + seconds % 3600 / 60 + "m" + secondsPart.toPlainString() + "s";
    }
}
