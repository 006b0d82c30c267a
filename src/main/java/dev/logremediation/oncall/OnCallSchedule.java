package dev.logremediation.oncall;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rotations of oncall.schedule-file and the overrides that lie over them. */
public final class OnCallSchedule {

    /** What a recipient writes to mean whoever is on call for a rotation: {@code rotation:primary}. */
    public static final String ROTATION_PREFIX = "rotation:";

    private static final OnCallSchedule NONE = new OnCallSchedule(List.of(), List.of());

    private final Map<String, Rotation> rotations = new LinkedHashMap<>();
    private final List<ScheduleOverride> overrides;

    OnCallSchedule(List<Rotation> rotations, List<ScheduleOverride> overrides) {
        rotations.forEach(rotation -> this.rotations.put(rotation.name(), rotation));
        this.overrides = List.copyOf(overrides);
    }

    /** oncall.schedule-file left empty. */
    public static OnCallSchedule none() {
        return NONE;
    }

    public Collection<Rotation> rotations() {
        return rotations.values();
    }

    public boolean defines(String rotation) {
        return rotations.containsKey(rotation);
    }

    /** Who is on call for the rotation at that instant: an override's person, else the turn's; empty when nobody. */
    public Optional<Shift> onCall(String rotation, Instant at) {
        Rotation turns = rotations.get(rotation);
        if (turns == null) {
            return Optional.empty();
        }
        // the file is refused when overrides of one rotation overlap, so at most one covers the instant
        return overrides.stream().filter(override -> override.covers(rotation, at)).findFirst()
                .map(override -> new Shift(rotation, override.person(), override.from(), override.until(), true))
                .or(() -> turns.turnAt(at));
    }

    /** Everyone who may be on call for the rotation: its people and the people of its overrides. */
    public List<Person> people(String rotation) {
        Rotation turns = rotations.get(rotation);
        List<Person> people = new java.util.ArrayList<>(turns == null ? List.of() : turns.people());
        overrides.stream().filter(override -> override.rotation() == null || override.rotation().equals(rotation))
                .forEach(override -> people.add(override.person()));
        return people;
    }

    /** The rotation a recipient names ({@code rotation:NAME}), or null for an email address. */
    public static String rotationNamed(String recipient) {
        String entry = recipient.trim();
        return entry.startsWith(ROTATION_PREFIX) ? entry.substring(ROTATION_PREFIX.length()).trim() : null;
    }
}
