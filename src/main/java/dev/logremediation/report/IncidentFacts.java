package dev.logremediation.report;

import dev.logremediation.text.Text;
import dev.logremediation.config.Watch;
import dev.logremediation.detect.FailureKind;
import dev.logremediation.incident.Impact;
import dev.logremediation.incident.IncidentEvent;
import dev.logremediation.incident.IncidentEvent.Kind;
import dev.logremediation.report.ReportTimes.Moment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the report says about one incident, worked out once from its record: the Markdown and HTML outlines and the
 * JSON all show these facts. Every string went through {@link ReportText#clean}, so it is masked and one line.
 */
record IncidentFacts(String incidentId, String service, Rule rule, String state, String outcome,
                     String outcomeDetail, Moment firstError, Moment lastError, long durationNanos, long errors,
                     Moment thresholdCrossed, long errorsAtThreshold, Event firingEmail, String topSignature,
                     String upstreamMessage, List<Count> signatures, List<Count> endpoints, ImpactFacts impact,
                     List<MinuteCount> perMinute, List<Event> timeline, List<Event> actions, List<Link> links,
                     List<String> samples, List<String> resolution, List<String> prevention,
                     List<String> actionItems) {

    /** The watch's rule that opens an incident. */
    record Rule(String watch, String query, int threshold, long windowSeconds, long quietPeriodSeconds,
                List<String> recipients) {

        String describe() {
            return threshold + " errors within " + Text.duration(windowSeconds * 1_000_000_000L);
        }

        String quietPeriod() {
            return Text.duration(quietPeriodSeconds * 1_000_000_000L);
        }
    }

    record Count(String name, long errors) {
    }

    record MinuteCount(Moment minute, long errors) {
    }

    record Event(Moment at, String event, String detail) {
    }

    /** A resolution link, masked, with the host it points to and the (masked) line it came from. */
    record Link(String host, String link, String line) {
    }

    /**
     * What the incident did to customers.
     *
     * @param failedOrDegradedOrders each affected order once, as far as its lines could be paired ({@code counted})
     * @param counted                how the orders were counted, for people
     * @param firstAffected          the first affected order's log time; null when no error line was an order
     * @param lastAffected           the last affected order's log time; null when no error line was an order
     * @param affectedNanos          from the first to the last affected order
     * @param kinds                  error lines per failure kind, most first
     * @param maxLatencyMillis       the slowest request the lines tell of; -1 when no line told its latency
     * @param averageLatencyMillis   the average over the lines that told it; -1 when none did
     */
    record ImpactFacts(long failedOrDegradedOrders, String counted, Moment firstAffected, Moment lastAffected,
                       long affectedNanos, List<Count> kinds, long maxLatencyMillis, long averageLatencyMillis) {
    }

    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final Comparator<Event> BY_TIME =
            Comparator.comparing(Event::at, Comparator.nullsLast(Comparator.comparingLong(Moment::nanos)));

    static IncidentFacts of(IncidentRecord record, ReportTimes times) {
        IncidentEvent incident = record.incident();
        Watch watch = incident.watch();
        Rule rule = new Rule(ReportText.clean(watch.name()), ReportText.clean(watch.query()), watch.threshold(),
                watch.window().toSeconds(), watch.quietPeriod().toSeconds(),
                watch.recipients().stream().map(ReportText::clean).toList());
        List<Count> signatures = incident.signatures().stream()
                .map(e -> new Count(ReportText.clean(e.getKey()), e.getValue())).toList();
        List<Event> actions = record.actions().stream()
                .map(a -> new Event(times.moment(a.at()), ReportText.clean(a.event()), ReportText.clean(a.detail())))
                .sorted(BY_TIME).toList();
        Moment first = times.moment(incident.firstNanos());
        Moment last = times.moment(incident.lastNanos());
        Moment crossed = times.moment(incident.firingNanos());
        Event firingEmail = firstAction(actions, "FIRING email");
        Event remediation = lastAction(actions, "remediation");
        Event fixedBy = actions.stream()
                .filter(a -> is(a, "remediation") && startsWith(a.detail(), "resolved")).findFirst().orElse(null);
        Event verification = lastAction(actions, "verification");
        String topSignature = signatures.isEmpty() ? "" : signatures.get(0).name();
        List<Link> links = incident.linkLines().entrySet().stream().map(e -> link(e.getKey(), e.getValue())).toList();
        Kind kind = incident.kind();
        Impact impact = incident.impact();
        Evidence evidence = new Evidence(kind, rule, signatures, links, remediation, fixedBy, verification);
        return new IncidentFacts(ReportText.clean(incident.incidentId()), ReportText.clean(incident.key()), rule,
                kind.name(), outcome(kind, fixedBy), outcomeDetail(kind, rule, last, fixedBy, verification, times),
                first, last, incident.lastNanos() - incident.firstNanos(), incident.count(), crossed,
                incident.firingCount(), firingEmail, topSignature,
                upstreamMessage(topSignature, impact), signatures, endpoints(signatures), impact(impact, times),
                incident.perMinute().entrySet().stream()
                        .map(e -> new MinuteCount(times.minute(e.getKey()), e.getValue())).toList(),
                timeline(incident, rule, first, last, crossed, actions), actions, links,
                incident.samples().stream().map(ReportText::clean).toList(),
                resolution(kind, rule, last, remediation, fixedBy, verification, times),
                evidence.prevention(), evidence.actionItems());
    }

    private static String outcome(Kind kind, Event fixedBy) {
        if (fixedBy != null) {
            return "remediated";
        }
        return switch (kind) {
            case RESOLVED -> "resolved";
            case BELOW_THRESHOLD -> "below threshold";
            case FIRING, UPDATE -> "still open";
        };
    }

    private static String outcomeDetail(Kind kind, Rule rule, Moment last, Event fixedBy, Event verification,
                                        ReportTimes times) {
        List<String> parts = new ArrayList<>();
        if (fixedBy != null) {
            parts.add("chaos link followed at " + times.both(fixedBy.at()));
        }
        if (verification != null) {
            parts.add("verification purchase " + (passed(verification) ? "passed" : "did not pass") + " at "
                    + times.both(verification.at()));
        } else if (fixedBy != null) {
            parts.add("not verified by a purchase");
        }
        parts.add(switch (kind) {
            case RESOLVED -> "no error for " + rule.quietPeriod() + " after the last one at " + times.both(last);
            case FIRING, UPDATE -> "errors were still within the quiet period when the report was made";
            case BELOW_THRESHOLD -> "stayed below the threshold";
        });
        return String.join("; ", parts);
    }

    private static List<Event> timeline(IncidentEvent incident, Rule rule, Moment first, Moment last, Moment crossed,
                                        List<Event> actions) {
        List<Event> events = new ArrayList<>();
        events.add(new Event(first, "first error", "the incident opens"));
        if (crossed != null) {
            events.add(new Event(crossed, "threshold crossed",
                    "error number " + incident.firingCount() + "; rule: " + rule.describe()));
        }
        events.addAll(actions);
        events.add(new Event(last, "last error", incident.kind() == Kind.RESOLVED
                ? "errors stopped; resolved after " + rule.quietPeriod() + " without errors" : "latest error seen"));
        events.sort(BY_TIME); // stable: a tie keeps the order above
        return List.copyOf(events);
    }

    private static List<String> resolution(Kind kind, Rule rule, Moment last, Event remediation, Event fixedBy,
                                           Event verification, ReportTimes times) {
        List<String> lines = new ArrayList<>();
        if (fixedBy != null) {
            lines.add("Fixed by remediation at " + times.both(fixedBy.at()) + ": " + fixedBy.detail());
        } else if (remediation != null) {
            lines.add("Remediation at " + times.both(remediation.at()) + " did not resolve it: "
                    + remediation.detail());
        }
        if (verification != null) {
            lines.add(passed(verification)
                    ? "Recovery verified by a purchase at " + times.both(verification.at()) + ": "
                      + verification.detail()
                    : "Verification purchase at " + times.both(verification.at()) + " did not pass: "
                      + verification.detail());
        }
        boolean fixed = fixedBy != null || (verification != null && passed(verification));
        if (fixed || kind == Kind.BELOW_THRESHOLD) {
            lines.add("Errors stopped at " + times.both(last) + ".");
        } else if (kind == Kind.RESOLVED) {
            lines.add("No fix was recorded: errors stopped at " + times.both(last)
                    + " and the incident resolved after the quiet period (" + rule.quietPeriod() + ").");
        } else {
            lines.add("Not resolved when the report was made: the last error was at " + times.both(last)
                    + ", less than the quiet period (" + rule.quietPeriod() + ") earlier.");
        }
        return List.copyOf(lines);
    }

    /** Errors by endpoint: {@code METHOD PATH} for request signatures, else the first word (the line's type). */
    private static List<Count> endpoints(List<Count> signatures) {
        Map<String, Long> byEndpoint = new LinkedHashMap<>();
        for (Count signature : signatures) {
            byEndpoint.merge(endpointOf(signature.name()), signature.errors(), Long::sum);
        }
        return byEndpoint.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::errors).reversed()).toList();
    }

    static String endpointOf(String signature) {
        if (signature.startsWith("(")) { // "(other signatures)": the aggregation's overflow bucket
            return signature;
        }
        String[] words = signature.split(" ");
        return isRequest(words) ? words[0] + " " + words[1] : words[0];
    }

    /** The message part of a signature: what follows {@code METHOD PATH STATUS} or {@code type STATUS}. */
    static String messageOf(String signature) {
        if (signature.isEmpty() || signature.startsWith("(")) {
            return "";
        }
        String[] words = FailureKind.withoutSuffix(signature).split(" ");
        int start = isRequest(words) ? 2 : isStatus(words[0]) ? 0 : 1;
        if (start < words.length && isStatus(words[start])) {
            start++;
        }
        return String.join(" ", List.of(words).subList(Math.min(start, words.length), words.length));
    }

    /**
     * The upstream message of the top signature; when the lines hold none (a slow or bad-token success), what kind
     * of failure it was instead of a bare "none".
     */
    private static String upstreamMessage(String topSignature, Impact impact) {
        String message = messageOf(topSignature);
        if (!message.isEmpty()) {
            return message;
        }
        FailureKind kind = impact.mainKind();
        return kind == null ? "" : "none in the lines: " + kind.description();
    }

    private static ImpactFacts impact(Impact impact, ReportTimes times) {
        Moment first = times.moment(impact.firstOrderNanos());
        Moment last = times.moment(impact.lastOrderNanos());
        List<Count> kinds = impact.kinds().entrySet().stream()
                .map(e -> new Count(e.getKey().description(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::errors).reversed()).toList();
        return new ImpactFacts(impact.orders(), ordersCounted(impact), first, last,
                impact.lastOrderNanos() - impact.firstOrderNanos(), kinds, impact.maxLatencyMillis(),
                impact.averageLatencyMillis());
    }

    /** How the failed or degraded orders were counted, so the reader knows what the number means. */
    private static String ordersCounted(Impact impact) {
        long service = impact.serviceOrderLines();
        long factory = impact.factoryOrderLines();
        long pairs = impact.pairedById() + impact.pairedByTime();
        if (service == 0 && factory == 0) {
            return "no error line was a pizza order (POST /api/order or a factory call)";
        }
        if (factory == 0) {
            return "counted from " + service + " answers to POST /api/order; no factory line among the errors";
        }
        if (service == 0) {
            return "counted from " + factory + " factory calls; no answer to POST /api/order among the errors";
        }
        String lines = service + " answers to POST /api/order and " + factory + " factory calls, " + pairs
                + " of them paired (" + impact.pairedById() + " by order id, " + impact.pairedByTime()
                + " by log time)";
        return impact.eachOrderCountedOnce() ? "each order counted once: " + lines
                : lines + "; the lines not paired are counted each, so an order may be counted twice";
    }

    private static boolean isRequest(String[] words) {
        return words.length >= 2 && HTTP_METHODS.contains(words[0]) && words[1].startsWith("/");
    }

    private static boolean isStatus(String word) {
        return word.length() == 3 && word.charAt(0) >= '1' && word.charAt(0) <= '5'
                && Character.isDigit(word.charAt(1)) && Character.isDigit(word.charAt(2));
    }

    private static Link link(String link, String line) {
        String masked = ReportText.clean(link);
        int start = masked.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < masked.length() && "/?#\\".indexOf(masked.charAt(end)) < 0) {
            end++;
        }
        String authority = masked.substring(start, end);
        return new Link(authority.substring(authority.lastIndexOf('@') + 1), masked, ReportText.clean(line));
    }

    static boolean passed(Event verification) {
        return startsWith(verification.detail(), "pass") || startsWith(verification.detail(), "ok")
                || startsWith(verification.detail(), "success") || startsWith(verification.detail(), "verified");
    }

    private static boolean is(Event action, String name) {
        return action.event().equalsIgnoreCase(name);
    }

    private static boolean startsWith(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static Event firstAction(List<Event> actions, String name) {
        return actions.stream().filter(a -> is(a, name)).findFirst().orElse(null);
    }

    private static Event lastAction(List<Event> actions, String name) {
        return actions.stream().filter(a -> is(a, name)).reduce((a, b) -> b).orElse(null);
    }

    /** Prevention ideas and action items read off the evidence; each rule names what it saw. */
    private record Evidence(Kind kind, Rule rule, List<Count> signatures, List<Link> links, Event remediation,
                            Event fixedBy, Event verification) {

        List<String> prevention() {
            List<String> items = new ArrayList<>();
            if (!links.isEmpty() && remediation == null) {
                items.add("Chaos link present: consider enabling remediation for watch " + rule.watch()
                        + " so the link is followed automatically.");
            }
            if (fixedBy != null) {
                items.add("Following the chaos link ended the errors: keep remediation enabled for watch "
                        + rule.watch() + ".");
            }
            if (fixedBy != null && verification == null) {
                items.add("Remediation ran without a verification purchase: enable verification; only a purchase"
                        + " proves the shop recovered.");
            }
            String refused = wordAfter("ECONNREFUSED");
            if (refused != null) {
                items.add(refused.endsWith(":3306") || mentions("database") || mentions("ER_")
                        ? "Database connection refused (" + refused + "): monitor the database and alert on it"
                          + " directly, before orders fail."
                        : "Connection refused (" + refused + "): monitor that dependency directly.");
            }
            if (mentions("fetch failed")) {
                items.add("Pizza factory unreachable (fetch failed): check the factory URL and the service's network"
                        + " path to it.");
            }
            if (links.isEmpty() && mentions("Failed to fulfill order at factory")) {
                items.add("The factory refused orders without a chaos link: check the factory api key and order"
                        + " sizes.");
            }
            if (items.isEmpty()) {
                items.add("No known pattern in the evidence: once the cause of \"" + top()
                        + "\" is known, add a check for it.");
            }
            return List.copyOf(items);
        }

        List<String> actionItems() {
            List<String> items = new ArrayList<>();
            if (kind == Kind.FIRING || kind == Kind.UPDATE) {
                items.add("Follow up: the incident was still open when this report was made.");
            }
            if (remediation != null && fixedBy == null) {
                items.add("Remediation did not resolve the chaos (" + remediation.detail()
                        + "): follow the link by hand and check the shop.");
            }
            if (verification != null && !passed(verification)) {
                items.add("The verification purchase did not pass (" + verification.detail()
                        + "): check the shop by hand.");
            }
            if (!links.isEmpty() && remediation == null) {
                items.add("Decide whether to enable automatic remediation for watch " + rule.watch() + ".");
            }
            String refused = wordAfter("ECONNREFUSED");
            if (refused != null) {
                items.add("Check the " + (refused.endsWith(":3306") ? "database" : "dependency") + " at " + refused
                        + ": is it up and reachable from the service?");
            }
            items.add("Confirm the root cause from the evidence (it is not a conclusion) and record it here.");
            return List.copyOf(items);
        }

        private boolean mentions(String text) {
            return signatures.stream().anyMatch(s -> s.name().contains(text));
        }

        /** The word following {@code marker} in the first signature that has one, e.g. the refused address. */
        private String wordAfter(String marker) {
            for (Count signature : signatures) {
                String[] words = signature.name().split(" ");
                for (int i = 0; i < words.length; i++) {
                    if (words[i].equals(marker)) {
                        return i + 1 < words.length ? words[i + 1] : "unknown address";
                    }
                }
            }
            return null;
        }

        private String top() {
            return signatures.isEmpty() ? "" : signatures.get(0).name();
        }
    }
}
