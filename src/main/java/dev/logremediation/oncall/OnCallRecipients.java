package dev.logremediation.oncall;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.Watch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a watch's recipients into addresses at one moment: {@code rotation:NAME} becomes whoever is on call for
 * that rotation then, addresses stay as written. A rotation with nobody on call then must not lose the page: its
 * place goes to mail.to, said in one WARN line.
 */
public final class OnCallRecipients {

    private static final Logger LOG = LoggerFactory.getLogger(OnCallRecipients.class);

    private final OnCallSchedule schedule;
    private final List<String> fallback;
    private final Clock clock;

    /** @param fallback mail.to's addresses */
    public OnCallRecipients(OnCallSchedule schedule, List<String> fallback, Clock clock) {
        if (namesRotation(fallback)) {
            throw new InvalidSettingException("mail.to", String.join(",", fallback), "email addresses only: they are"
                    + " emailed when a rotation has nobody on call (name rotations in a watch's recipients parameter)");
        }
        this.schedule = schedule;
        this.fallback = List.copyOf(fallback);
        this.clock = clock;
    }

    /**
     * The watch as an incident of it is addressed, at the time it fired: the whole thread (FIRING, UPDATE, RESOLVED,
     * the remediation's outcome) goes to whoever was on call then.
     */
    public Watch addressed(Watch watch, Instant firedAt) {
        return namesRotation(watch.recipients()) ? watch.withRecipients(addresses("an incident of watch "
                + watch.name(), watch.recipients(), firedAt)) : watch;
    }

    /** Recipients of an email about a watch itself (BLIND, NO DATA, ...): whoever is on call now. */
    public List<String> addressesNow(List<String> recipients, String subject) {
        return namesRotation(recipients) ? addresses("\"" + subject + "\"", recipients, clock.instant()) : recipients;
    }

    /**
     * Whether the address belongs to someone of the rotation: one of its people, or a person of one of its overrides
     * (any case).
     */
    public boolean isMember(String rotation, String address) {
        return schedule.people(rotation).stream().anyMatch(person -> person.email().equalsIgnoreCase(address.trim()));
    }

    /** The rotations the recipients name. */
    public static List<String> rotationsOf(List<String> recipients) {
        return recipients.stream().map(OnCallSchedule::rotationNamed).filter(java.util.Objects::nonNull).toList();
    }

    private static boolean namesRotation(List<String> recipients) {
        return recipients.stream().anyMatch(recipient -> OnCallSchedule.rotationNamed(recipient) != null);
    }

    /** @param what what is emailed, for the warning */
    private List<String> addresses(String what, List<String> recipients, Instant at) {
        Set<String> to = new LinkedHashSet<>();
        for (String recipient : recipients) {
            String rotation = OnCallSchedule.rotationNamed(recipient);
            Optional<Shift> shift = rotation == null ? Optional.empty() : schedule.onCall(rotation, at);
            if (rotation == null) {
                to.add(recipient);
            } else if (shift.isPresent()) {
                to.add(shift.get().person().email());
            } else {
                // the start refuses a watch naming a rotation the schedule lacks, so this is before its first turn
                LOG.warn("Rotation {} has nobody on call at {} (before its first turn), so mail.to ({}) is emailed"
                        + " instead, for {}", rotation, at, String.join(", ", fallback), what);
                to.addAll(fallback);
            }
        }
        // one person written twice (Ann@x.com beside a rotation whose turn is ann@x.com) is emailed once
        Map<String, String> once = new java.util.LinkedHashMap<>();
        to.forEach(address -> once.putIfAbsent(address.toLowerCase(java.util.Locale.ROOT), address));
        return List.copyOf(once.values());
    }

    /**
     * One line per watch recipient naming a rotation the schedule does not define.
     *
     * @param written per watch name, where its recipients are written (file and line), if known
     */
    public List<String> unknownRotations(Collection<Watch> watches, Map<String, String> written) {
        List<String> problems = new ArrayList<>();
        for (Watch watch : watches) {
            for (String recipient : watch.recipients()) {
                String rotation = OnCallSchedule.rotationNamed(recipient);
                if (rotation != null && !schedule.defines(rotation)) {
                    problems.add(Optional.ofNullable(written.get(watch.name())).map(where -> where + ": ").orElse("")
                            + "watch " + watch.name() + " parameter recipients names " + recipient.trim()
                            + ", which oncall.schedule-file does not define" + (schedule.rotations().isEmpty()
                            ? " (it is empty: no schedule)" : " (its rotations: " + String.join(", ",
                            schedule.rotations().stream().map(Rotation::name).toList()) + ")"));
                }
            }
        }
        return problems;
    }
}
