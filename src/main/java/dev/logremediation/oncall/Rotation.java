package dev.logremediation.oncall;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Optional;

/**
 * People taking turns in a fixed order. Turns change hands at {@code handoffTime} in {@code zone}: every day, or
 * every week on {@code handoffDay}. The first person's first turn begins at the first hand-off on or after
 * {@code start}; before it nobody is on call.
 *
 * <p>A hand-off time that does not exist on a day (the clocks skip it) happens once the clocks have moved on by the
 * length of the gap: 02:30 on the last Sunday of March in Europe/Berlin is 03:30 CEST. One that happens twice (the
 * clocks go back) happens the first time. This is {@link ZonedDateTime#of}'s rule.
 *
 * @param handoffDay null for daily turns
 */
public record Rotation(String name, List<Person> people, Turns turns, DayOfWeek handoffDay, LocalTime handoffTime,
                       ZoneId zone, LocalDate start) {

    public enum Turns { DAILY, WEEKLY }

    public Rotation {
        people = List.copyOf(people);
    }

    /** Whose turn it is at that instant, from hand-off to hand-off; empty before the first turn. */
    public Optional<Shift> turnAt(Instant at) {
        LocalDate firstDay = turns == Turns.DAILY ? start : start.with(TemporalAdjusters.nextOrSame(handoffDay));
        int days = turns == Turns.DAILY ? 1 : 7;
        long turn = Math.floorDiv(ChronoUnit.DAYS.between(firstDay, at.atZone(zone).toLocalDate()), days);
        // the local date alone can put the instant one turn late (before that day's hand-off) or, around a clock
        // change, early
        while (at.isBefore(handoff(firstDay, days, turn))) {
            turn--;
        }
        while (!at.isBefore(handoff(firstDay, days, turn + 1))) {
            turn++;
        }
        if (turn < 0) {
            return Optional.empty();
        }
        Person person = people.get((int) Math.floorMod(turn, (long) people.size()));
        return Optional.of(new Shift(name, person, handoff(firstDay, days, turn), handoff(firstDay, days, turn + 1),
                false));
    }

    private Instant handoff(LocalDate firstDay, int days, long turn) {
        return ZonedDateTime.of(firstDay.plusDays(turn * days), handoffTime, zone).toInstant();
    }
}
