package dev.logremediation.text;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one place for text meant for people that came from logs, links or settings: one line without control or
 * invisible characters, a bounded length, and the product's ways of writing a duration and a time. Masking secrets is
 * the caller's ({@code detect.SecretMasker}), before cutting, since a key cut in half might no longer be recognised.
 * Depends on nothing of the product, so every package may use it.
 */
public final class Text {

    /** Subjects stay short enough for a phone's inbox list. */
    public static final int MAX_SUBJECT = 150;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Text() {
    }

    /**
     * One line: control characters and runs of white space become one space, format characters (bidi controls,
     * zero-width, BOM), which could disguise text, are dropped; null becomes empty.
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.FORMAT) {
                continue;
            }
            if (Character.isISOControl(c) || Character.isWhitespace(c) || c == '\u2028' || c == '\u2029') {
                if (!space && out.length() > 0) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString().strip();
    }

    /** {@link #clean} and at most {@code max} characters, a cut one ending in "…" (never half a surrogate pair). */
    public static String oneLine(String text, int max) {
        String line = clean(text);
        if (line.length() <= max) {
            return line;
        }
        int end = Character.isHighSurrogate(line.charAt(max - 2)) ? max - 2 : max - 1;
        return line.substring(0, end) + "…";
    }

    /**
     * A subject: one line of at most {@value #MAX_SUBJECT} characters, where log text cannot smuggle an RFC 2047
     * encoded word ({@code =?us-ascii?Q?=0D=0ABcc:...?=}) that a mail client would decode into a fake header.
     */
    public static String subjectLine(String subject) {
        return oneLine(subject.replace("=?", "= ?"), MAX_SUBJECT);
    }

    /** "850ms", "45s", "4m30s", "2h5m", "3d4h": short, for subjects, headlines and reports. */
    public static String duration(Duration duration) {
        return duration(duration.toNanos());
    }

    /** {@link #duration(Duration)} of nanoseconds. */
    public static String duration(long nanos) {
        if (nanos < NANOS_PER_SECOND) {
            return Math.max(0, nanos / 1_000_000) + "ms";
        }
        long s = nanos / NANOS_PER_SECOND;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 86_400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        return s / 86_400 + "d" + (s % 86_400 / 3600 == 0 ? "" : s % 86_400 / 3600 + "h");
    }

    /** A latency as people compare it with a limit: "350 ms" or "32.1 s". */
    public static String latency(Duration duration) {
        return latencyMillis(duration.toMillis());
    }

    /** {@link #latency(Duration)} of milliseconds. */
    public static String latencyMillis(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** A log time (nanoseconds since the epoch) as "2026-11-27 10:15:03.123 UTC". */
    public static String utc(long nanos) {
        return UTC_MILLIS.format(Instant.ofEpochSecond(0, nanos));
    }

    /** An instant as "2026-11-27 10:15:03.123 UTC". */
    public static String utc(Instant at) {
        return UTC_MILLIS.format(at);
    }
}
