package dev.logremediation.oncall;

import java.time.Instant;

/**
 * Someone on call instead of the rotation's turn from {@code from} until {@code until} (exclusive).
 *
 * @param rotation the rotation it replaces, or null for every rotation
 * @param line     where the schedule file writes it, for problems that involve it
 */
public record ScheduleOverride(Person person, String rotation, Instant from, Instant until, int line) {

    boolean covers(String rotationName, Instant at) {
        return (rotation == null || rotation.equals(rotationName)) && !at.isBefore(from) && at.isBefore(until);
    }

    /** Both could put someone on call for one rotation at one time. */
    boolean overlaps(ScheduleOverride other) {
        boolean sameRotation = rotation == null || other.rotation == null || rotation.equals(other.rotation);
        return sameRotation && from.isBefore(other.until) && other.from.isBefore(until);
    }

    /** What two overlapping overrides compete for: "rotation primary", or "every rotation". */
    String sharedRotation(ScheduleOverride other) {
        String shared = rotation != null ? rotation : other.rotation;
        return shared != null ? "rotation " + shared : "every rotation";
    }
}
