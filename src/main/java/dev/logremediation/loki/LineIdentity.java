package dev.logremediation.loki;

import java.util.Map;

/**
 * A compact stand-in for a line's identity (labels, timestamp, line): two independent 64-bit hashes, so the
 * de-duplication set of an overlap window costs a few bytes a line instead of the line itself.
 */
public record LineIdentity(long timestampNanos, long hashA, long hashB) {

    public static LineIdentity of(LogEntry entry) {
        long a = 0xcbf29ce484222325L; // FNV-1a offset basis
        long b = 1125899906842597L;
        for (Map.Entry<String, String> label : entry.labels().entrySet()) {
            a = fnv(fnv(fnv(a, label.getKey()), "="), label.getValue());
            b = poly(poly(poly(b, label.getKey()), "="), label.getValue());
        }
        a = fnv(a, "\u0000");
        b = poly(b, "\u0000");
        return new LineIdentity(entry.timestampNanos(), fnv(a, entry.line()), poly(b, entry.line()));
    }

    private static long fnv(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static long poly(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = 1_000_003L * hash + text.charAt(i);
        }
        return hash;
    }
}
