package dev.logremediation.oncall;

import dev.logremediation.config.Watch;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.notify.IncidentEmail;
import dev.logremediation.notify.OnCallEmail;
import dev.logremediation.notify.OutgoingEmail;
import dev.logremediation.notify.OnCallNotice;
import dev.logremediation.notify.Silence;
import dev.logremediation.notify.Silences;
import dev.logremediation.notify.Silencing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Keeps the on-call loop of every incident that paged someone closed (docs/oncall.md): reminds its recipients every
 * oncall.remind-every and escalates by oncall.escalation while it fires unacknowledged, and takes acknowledgements
 * (by reply or by link) from the people it was sent to. Acknowledgement, a verified remediation or RESOLVED stops the
 * loop. Every page is a row in the state database ({@link Pages}), so the timers survive restarts and takeovers.
 */
public final class OnCallLoop {

    private static final Logger LOG = LoggerFactory.getLogger(OnCallLoop.class);
    /** A due reminder or escalation is claimed this long: queuing its email takes milliseconds. */
    private static final Duration CLAIM = Duration.ofMinutes(1);

    /** A reminder or an escalation level that is due. */
    public record Duty(Page page, boolean escalation, int number, List<String> to, List<String> added,
                       List<String> addedRotations) {
    }

    /**
     * What came of an acknowledgement.
     *
     * @param accepted whether it was recorded now
     * @param problem  one line saying why not (the log's and the ack page's), null when accepted
     * @param page     the incident's page as it is now, null when no incident matched
     */
    public record Acknowledgement(boolean accepted, String problem, Page page, String by, String via,
                                  ReplyCommand command, Instant at) {
    }

    /** How often a watch's incidents remind, and its escalation levels. */
    private record Timers(Duration remindEvery, EscalationPolicy escalation) {
    }

    private final Pages pages;
    private final OnCallRecipients onCall;
    /** oncall.remind-every and oncall.escalation: for the watches that do not set their own. */
    private final Timers defaults;
    /** The watches' own escalation parameters, read once each (checked at start: problemsOfWatches). */
    private final Map<String, EscalationPolicy> watchEscalations = new ConcurrentHashMap<>();
    private final Supplier<Collection<Watch>> watches;
    private final Silences silences;
    private final Silencing silencing;
    /** Whether a silence holds the incident's messages (an UPDATE held in the outbox): its reminders wait too. */
    private final Predicate<String> heldBySilence;
    private final Clock clock;

    /**
     * @param remindEvery oncall.remind-every; zero: no reminders
     * @param watches     every watch as written (its recipients may name rotations)
     */
    public OnCallLoop(Pages pages, OnCallRecipients onCall, Duration remindEvery, EscalationPolicy escalation,
                      Supplier<Collection<Watch>> watches, Silences silences, Silencing silencing,
                      Predicate<String> heldBySilence, Clock clock) {
        this.pages = pages;
        this.onCall = onCall;
        this.defaults = new Timers(remindEvery, escalation);
        this.watches = watches;
        this.silences = silences;
        this.silencing = silencing;
        this.heldBySilence = heldBySilence;
        this.clock = clock;
    }

    /**
     * An incident fired and its FIRING email is about to be queued (or held by a silence): its page opens, its timers
     * start now unless a silence holds it; they start when the silence releases it.
     */
    public void paged(IncidentEvent event, Silence silence) {
        if (event.kind() != IncidentEvent.Kind.FIRING) {
            return;
        }
        List<String> rotations = watch(event.watch().name()).map(watch -> OnCallRecipients.rotationsOf(
                watch.recipients())).orElse(List.of());
        pages.open(Page.opened(event.incidentId(), event.watch().name(), event.key(),
                IncidentEmail.threadDigest(event.incidentId()), event.watch().recipients(), rotations,
                event.firedAt()));
        if (silence == null) {
            released(event.incidentId());
        }
    }

    /**
     * The event addressed to everyone its page told so far too: an UPDATE or RESOLVED reaches the people escalation
     * added, not only those the FIRING email went to.
     */
    public IncidentEvent addressedToPage(IncidentEvent event) {
        return pages.byIncident(event.incidentId()).map(page -> {
            Set<String> to = new LinkedHashSet<>(event.watch().recipients());
            page.recipients().stream().filter(address -> to.stream().noneMatch(address::equalsIgnoreCase))
                    .forEach(to::add);
            return to.size() == event.watch().recipients().size() ? event
                    : event.withWatch(event.watch().withRecipients(List.copyOf(to)));
        }).orElse(event);
    }

    /** The incident's FIRING email went out now (at once, or when the silence that held it ended). */
    public void released(String incidentId) {
        Instant now = clock.instant();
        Timers timers = timers(pages.byIncident(incidentId).map(Page::watch).orElse(""));
        pages.start(incidentId, now, timers.remindEvery().isZero() ? null : now.plus(timers.remindEvery()),
                timers.escalation().next(0).map(level -> now.plus(level.after())).orElse(null));
    }

    /** The watch's own reminder period and escalation levels, where it sets them; oncall.* otherwise. */
    private Timers timers(String watchName) {
        Optional<Watch> watch = watch(watchName);
        Duration remindEvery = watch.map(Watch::remindEvery).orElse(null);
        EscalationPolicy escalation = watch.filter(written -> written.escalation() != null)
                .map(written -> watchEscalations.computeIfAbsent(written.name(),
                        name -> EscalationPolicy.ofWatch(written)))
                .orElse(null);
        return new Timers(remindEvery == null ? defaults.remindEvery() : remindEvery,
                escalation == null ? defaults.escalation() : escalation);
    }

    /** Stops the incident's loop: it resolved, or remediation was verified. */
    public void ended(String incidentId, String because) {
        if (pages.end(incidentId, because, clock.instant())) {
            LOG.debug("Incident {}: reminders and escalation stop ({})", incidentId, because);
        }
    }

    /**
     * The reminders and escalation levels due now, each claimed for a minute. An incident a silence keeps from
     * on-call (a silence or maintenance window begun after its FIRING email) waits, looked at again every minute; a
     * timer the settings no longer have (fewer levels, reminders turned off since) is dropped.
     */
    public List<Duty> due() {
        Instant now = clock.instant();
        List<Duty> due = new ArrayList<>();
        for (Page page : pages.claimDue(now, now.plus(CLAIM))) {
            Optional<Instant> silencedUntil = silencedUntil(page, now);
            if (silencedUntil.isPresent()) {
                pages.advance(page.withTimers(later(page.nextReminderAt(), silencedUntil.get()),
                        later(page.nextEscalationAt(), silencedUntil.get())));
                continue;
            }
            Timers timers = timers(page.watch());
            Optional<EscalationPolicy.Level> level = isDue(page.nextEscalationAt(), now)
                    ? timers.escalation().next(page.escalations()) : Optional.empty();
            boolean reminder = isDue(page.nextReminderAt(), now) && !timers.remindEvery().isZero();
            if (level.isPresent()) {
                due.add(escalationDuty(page, level.get()));
            } else if (reminder) {
                due.add(new Duty(page, false, page.reminders() + 1, page.recipients(), List.of(), List.of()));
            } else {
                pages.advance(page.withTimers(isDue(page.nextReminderAt(), now) ? null : page.nextReminderAt(),
                        isDue(page.nextEscalationAt(), now) ? null : page.nextEscalationAt()));
            }
        }
        return due;
    }

    private static boolean isDue(Instant at, Instant now) {
        return at != null && !at.isAfter(now);
    }

    /** A timer moved past {@code until}; none stays none. */
    private static Instant later(Instant at, Instant until) {
        return at == null ? null : at.isAfter(until) ? at : until;
    }

    /** Until when (at most a minute from now) a silence keeps the page's incident from on-call; empty: it does not. */
    private Optional<Instant> silencedUntil(Page page, Instant now) {
        Optional<Silence> silence = silencing.keepingFromOnCall(page.watch(), page.key());
        if (silence.isEmpty() && !heldBySilence.test(page.incidentId())) {
            return Optional.empty();
        }
        Instant inAMinute = now.plus(Duration.ofMinutes(1));
        return Optional.of(silence.map(Silence::endsAt).filter(end -> end.isBefore(inAMinute)).orElse(inAMinute));
    }

    private Duty escalationDuty(Page page, EscalationPolicy.Level level) {
        List<String> addresses = onCall.addressesNow(level.recipients(), "escalation level " + level.number()
                + " of incident " + page.incidentId());
        List<String> added = addresses.stream().filter(address -> page.recipients().stream()
                .noneMatch(address::equalsIgnoreCase)).toList();
        Set<String> to = new LinkedHashSet<>(page.recipients());
        to.addAll(added);
        return new Duty(page, true, level.number(), List.copyOf(to), added,
                OnCallRecipients.rotationsOf(level.recipients()));
    }

    /**
     * The outbox keys of the acknowledged incident's reminders and escalation levels, the one in flight included: any
     * of them may still wait for SMTP, and would reach people after the acknowledgement.
     */
    public List<String> dutyEmailKeys(Acknowledgement ack) {
        Page page = ack.page();
        List<String> keys = new ArrayList<>();
        for (int number = 1; number <= page.reminders() + 1; number++) {
            keys.add(OutgoingEmail.ledgerKeyOf(OnCallEmail.dedupeKey(page.incidentId(), "reminder", number)));
        }
        for (int number = 1; number <= page.escalations() + 1; number++) {
            keys.add(OutgoingEmail.ledgerKeyOf(OnCallEmail.dedupeKey(page.incidentId(), "escalation", number)));
        }
        return keys;
    }

    /** Whether the duty's incident was acknowledged or ended since it was found due: its email would say otherwise. */
    public boolean moot(Duty duty) {
        return pages.byIncident(duty.page().incidentId()).map(Page::ended).orElse(true);
    }

    /** The duty's email was queued: the page moves on to its next reminder or escalation level. */
    public void done(Duty duty) {
        Page page = duty.page();
        Instant now = clock.instant();
        Instant started = page.startedAt() == null ? now : page.startedAt();
        Timers timers = timers(page.watch());
        Duration remindEvery = timers.remindEvery();
        EscalationPolicy escalation = timers.escalation();
        if (duty.escalation()) {
            List<String> rotations = new ArrayList<>(page.rotations());
            duty.addedRotations().stream().filter(rotation -> !rotations.contains(rotation)).forEach(rotations::add);
            Instant nextLevel = escalation.next(duty.number()).map(level -> started.plus(level.after()))
                    .orElse(null);
            // a reminder due within half a period of the escalation would only repeat it
            Instant nextReminder = page.nextReminderAt() != null && page.nextReminderAt().isBefore(
                    now.plus(remindEvery.dividedBy(2))) ? now.plus(remindEvery) : page.nextReminderAt();
            pages.advance(new Page(page.incidentId(), page.watch(), page.key(), page.threadDigest(), duty.to(),
                    rotations, page.firedAt(), page.startedAt(), page.reminders(), duty.number(), nextReminder,
                    nextLevel, null, null, null, null, null));
        } else {
            Instant next = started.plus(remindEvery.multipliedBy(duty.number() + 1L));
            // reminders turned off since this one was due (a restart with other settings): it was the last
            Instant nextReminder = remindEvery.isZero() ? null : next.isAfter(now) ? next : now.plus(remindEvery);
            pages.advance(new Page(page.incidentId(), page.watch(), page.key(), page.threadDigest(),
                    page.recipients(), page.rotations(), page.firedAt(), page.startedAt(), duty.number(),
                    page.escalations(), nextReminder, page.nextEscalationAt(), null, null, null, null, null));
        }
    }

    /** What the duty's email tells. */
    public OnCallNotice notice(Duty duty) {
        Page page = duty.page();
        return new OnCallNotice(duty.escalation() ? "escalation" : "reminder", page.incidentId(), page.key(),
                watchOf(page), duty.to(), startedAt(page), clock.instant(), duty.number(), duty.added(), null, null,
                null);
    }

    /** What the acknowledged email tells. */
    public OnCallNotice notice(Acknowledgement ack) {
        Page page = ack.page();
        return new OnCallNotice("acknowledged", page.incidentId(), page.key(), watchOf(page), page.recipients(),
                startedAt(page), ack.at(), 0, List.of(), ack.by(), ack.via(),
                ack.command() == null ? null : ack.command().text());
    }

    /** One line for the incident's timeline and the report's Response section. */
    public static String dutyLine(Duty duty) {
        return duty.escalation()
                ? "level " + duty.number() + ": " + (duty.added().isEmpty() ? "nobody new (already told)"
                  : String.join(", ", duty.added()) + " told") + "; sent to " + String.join(", ", duty.to())
                : "reminder " + duty.number() + " sent to " + String.join(", ", duty.to());
    }

    /** One line for the timeline: who acknowledged, how, and what they asked. */
    public static String ackLine(Acknowledgement ack) {
        return "by " + ack.by() + " via " + ack.via() + (ack.command() == null ? "" : " (" + ack.command().text()
                + ")") + " at " + ack.at();
    }

    /** The incident a reply belongs to: the first of its In-Reply-To and References values that names a page. */
    public Optional<Page> pageOfReply(String inReplyTo, String references) {
        List<String> digests = new ArrayList<>(IncidentEmail.threadDigestsIn(inReplyTo));
        IncidentEmail.threadDigestsIn(references).stream().filter(digest -> !digests.contains(digest))
                .forEach(digests::add);
        return digests.stream().map(pages::byThread).flatMap(Optional::stream).findFirst();
    }

    /** The page of the thread whose Message-IDs carry this digest (an acknowledgement link names it). */
    public Optional<Page> pageOfThread(String threadDigest) {
        return pages.byThread(threadDigest);
    }

    /**
     * Acknowledges the incident as {@code from}, when it is one of those the incident was sent to (or a member of a
     * rotation it was sent to) and its loop still runs; "resolve" is noted as such (the incident itself resolves when
     * its errors stop), "silence 2h" also silences the incident's key for that long.
     *
     * @param via     reply or link
     * @param command what a reply asked; null for a link (ack)
     */
    public Acknowledgement acknowledge(Page page, String from, String via, ReplyCommand command) {
        Instant now = clock.instant();
        String who = from == null ? "" : from.strip().toLowerCase(Locale.ROOT);
        String problem = whyNot(page, who);
        if (problem == null && !pages.acknowledge(page.incidentId(), who, via, now)) {
            problem = whyNot(pages.byIncident(page.incidentId()).orElse(page), who);
            problem = problem == null ? "incident " + page.incidentId() + " changed meanwhile" : problem;
        }
        Page now0 = pages.byIncident(page.incidentId()).orElse(page);
        if (problem != null) {
            return new Acknowledgement(false, problem, now0, who, via, command, now);
        }
        if (command != null && command.verb().equals("silence")) {
            Silence silence = new Silence("s-" + UUID.randomUUID().toString().substring(0, 8), page.watch(),
                    page.key(), null, now, now.plus(command.duration()), "reply \"" + command.text() + "\" to incident "
                    + page.incidentId(), who, true);
            silences.add(silence);
        }
        LOG.info("Incident {} ({} of watch {}) acknowledged {}; reminders and escalation stop", page.incidentId(),
                page.key(), page.watch(), ackLine(new Acknowledgement(true, null, now0, who, via, command, now)));
        return new Acknowledgement(true, null, now0, who, via, command, now);
    }

    /** Why {@code who} cannot acknowledge the page now; null when they can. */
    private String whyNot(Page page, String who) {
        if (page.acknowledged()) {
            return "incident " + page.incidentId() + " was already acknowledged by " + page.acknowledgedBy() + " at "
                    + page.acknowledgedAt();
        }
        if (page.ended()) {
            return "incident " + page.incidentId() + " ended at " + page.endedAt() + " (" + page.endedBecause()
                    + "): nothing to acknowledge";
        }
        boolean told = page.recipients().stream().anyMatch(who::equalsIgnoreCase)
                || page.rotations().stream().anyMatch(rotation -> onCall.isMember(rotation, who));
        return told ? null : who + " was not sent incident " + page.incidentId() + " and is on none of its rotations"
                + " (" + String.join(", ", page.recipients()) + ")";
    }

    private Instant startedAt(Page page) {
        return page.startedAt() == null ? page.firedAt() : page.startedAt();
    }

    private Optional<Watch> watch(String name) {
        return watches.get().stream().filter(watch -> watch.name().equals(name)).findFirst();
    }

    /** The page's watch, addressed to its recipients; a watch since removed from the routes still gets its emails. */
    private Watch watchOf(Page page) {
        return watch(page.watch()).orElseGet(() -> new Watch(page.watch(), "", 1, Duration.ofMinutes(1),
                Duration.ofMinutes(1), page.recipients(), Duration.ZERO))
                .withRecipients(page.recipients());
    }
}
