package dev.logremediation.oncall;

import java.time.Instant;

/**
 * Who is on call for a rotation from {@code since} until {@code until} (exclusive).
 *
 * @param override whether an override of the schedule puts this person there instead of the rotation's turn
 */
public record Shift(String rotation, Person person, Instant since, Instant until, boolean override) {
}
