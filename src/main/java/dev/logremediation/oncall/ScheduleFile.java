package dev.logremediation.oncall;

import dev.logremediation.config.ConfigurationProblems;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the on-call schedule (docs/oncall.md, "Schedules") from YAML, keeping each node's line so that every problem
 * is one line naming the file and the line to fix: the whole file is checked, then refused with all its problems.
 */
public final class ScheduleFile {

    private static final Set<String> TOP = Set.of("rotations", "overrides");
    private static final Set<String> ROTATION = Set.of("name", "people", "turns", "handoffDay", "handoffTime", "zone",
            "start");
    private static final Set<String> PERSON = Set.of("name", "email");
    private static final Set<String> OVERRIDE = Set.of("name", "email", "rotation", "from", "until");
    private static final Pattern ROTATION_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+");

    /** A problem and the line it is on: the file's problems are told in line order. */
    private record Problem(int line, String text) {
    }

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    private ScheduleFile(String file) {
        this.file = file;
    }

    /** The schedule oncall.schedule-file names: empty for none, else the file, refused with every problem it has. */
    public static OnCallSchedule read(String setting) {
        if (setting.isBlank()) {
            return OnCallSchedule.none();
        }
        Path path = Path.of(setting.trim());
        ScheduleFile reading = new ScheduleFile(setting.trim());
        OnCallSchedule schedule = null;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Optional<Node> root = new Compose(LoadSettings.builder().setLabel(setting).build()).composeReader(in);
            if (root.isPresent()) {
                schedule = reading.schedule(root.get());
            } else {
                reading.problemAt(1, "is empty: write rotations: (docs/oncall.md)");
            }
        } catch (IOException e) {
            reading.problemAt(0, "cannot be read (" + e + ")");
        } catch (MarkedYamlEngineException e) {
            reading.problemAt(e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(1),
                    "is not YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            reading.problemAt(1, "is not YAML: " + e.getMessage());
        }
        if (!reading.problems.isEmpty()) {
            throw new ConfigurationProblems(reading.problems.stream().sorted(Comparator.comparingInt(Problem::line))
                    .map(Problem::text).toList());
        }
        return schedule;
    }

    private OnCallSchedule schedule(Node root) {
        Map<String, Node> fields = fields(root, TOP, "the schedule");
        if (fields == null) {
            return null;
        }
        List<Rotation> rotations = new ArrayList<>();
        // every rotation's name, also of one with problems: its overrides are not told that it is missing
        Set<String> declared = new HashSet<>();
        Node rotationList = fields.get("rotations");
        if (rotationList == null) {
            problemAt(line(root), "has no rotations: list one or more under rotations:");
        }
        for (Node node : items(rotationList, "rotations")) {
            Optional.ofNullable(rotation(node, declared)).ifPresent(rotations::add);
        }
        List<ScheduleOverride> overrides = new ArrayList<>();
        for (Node node : items(fields.get("overrides"), "overrides")) {
            ScheduleOverride override = override(node, declared);
            if (override == null) {
                continue;
            }
            overrides.stream().filter(override::overlaps).findFirst().ifPresent(earlier -> problemAt(override.line(),
                    "override for " + override.person().email() + " overlaps the override at line " + earlier.line()
                            + " within " + override.sharedRotation(earlier)
                            + ": one person at a time, so shorten one"));
            overrides.add(override);
        }
        return new OnCallSchedule(rotations, overrides);
    }

    private Rotation rotation(Node node, Set<String> declared) {
        Map<String, Node> fields = fields(node, ROTATION, "a rotation");
        if (fields == null) {
            return null;
        }
        int before = problems.size();
        String name = required(node, fields, "name", "the rotation's name", text -> {
            if (!ROTATION_NAME.matcher(text).matches()) {
                throw new IllegalArgumentException("lower-case letters, digits, '-' or '_', as recipients write it"
                        + " after rotation:");
            }
            return text;
        });
        if (name != null && !declared.add(name)) {
            problemAt(line(fields.get("name")), "a second rotation named " + name + ": give each its own name");
        }
        Node peopleList = fields.get("people");
        List<Node> listed = items(peopleList, "people");
        if (peopleList == null || peopleList instanceof SequenceNode list && list.getValue().isEmpty()) {
            problemAt(line(peopleList != null ? peopleList : node), "people lists nobody: list one or more, each with"
                    + " an email");
        }
        List<Person> people = new ArrayList<>();
        for (Node person : listed) {
            Optional.ofNullable(person(person)).ifPresent(people::add);
        }
        Rotation.Turns turns = required(node, fields, "turns", "daily or weekly",
                text -> Rotation.Turns.valueOf(text.toUpperCase(Locale.ROOT)));
        DayOfWeek day = turns == Rotation.Turns.DAILY ? null : required(node, fields, "handoffDay",
                "a weekday such as monday",
                text -> DayOfWeek.valueOf(text.toUpperCase(Locale.ROOT)));
        if (turns == Rotation.Turns.DAILY && fields.containsKey("handoffDay")) {
            problemAt(line(fields.get("handoffDay")), "handoffDay is for weekly turns: daily turns change hands every"
                    + " day at handoffTime");
        }
        LocalTime time = required(node, fields, "handoffTime", "a time of day such as 09:00", LocalTime::parse);
        ZoneId zone = required(node, fields, "zone", "an IANA time zone such as Europe/Berlin", text -> {
            if (!ZoneId.getAvailableZoneIds().contains(text)) {
                throw new IllegalArgumentException("not an IANA zone");
            }
            return ZoneId.of(text);
        });
        LocalDate start = required(node, fields, "start", "the date of the first turn, such as 2026-01-05",
                LocalDate::parse);
        return problems.size() > before ? null : new Rotation(name, people, turns, day, time, zone, start);
    }

    private Person person(Node node) {
        Map<String, Node> fields = fields(node, PERSON, "a person");
        if (fields == null) {
            return null;
        }
        String email = required(node, fields, "email", "an email address", ScheduleFile::email);
        String name = fields.containsKey("name") ? scalar(fields.get("name"), "name") : null;
        return email == null ? null : new Person(name, email);
    }

    private ScheduleOverride override(Node node, Set<String> rotations) {
        Map<String, Node> fields = fields(node, OVERRIDE, "an override");
        if (fields == null) {
            return null;
        }
        int before = problems.size();
        String email = required(node, fields, "email", "an email address", ScheduleFile::email);
        String name = fields.containsKey("name") ? scalar(fields.get("name"), "name") : null;
        String rotation = null;
        if (fields.containsKey("rotation")) {
            rotation = scalar(fields.get("rotation"), "rotation");
            if (rotation != null && !rotations.contains(rotation)) {
                problemAt(line(fields.get("rotation")), "rotation " + rotation + " is not defined under rotations:");
            }
        }
        Instant from = required(node, fields, "from", "a date-time with its offset, such as 2026-03-28T18:00:00+01:00",
                text -> OffsetDateTime.parse(text).toInstant());
        Instant until = required(node, fields, "until", "a date-time with its offset, such as 2026-03-29T09:00:00+02:00",
                text -> OffsetDateTime.parse(text).toInstant());
        if (from != null && until != null && !from.isBefore(until)) {
            problemAt(line(fields.get("until")), "until " + until + " is not after from " + from);
        }
        return problems.size() > before ? null : new ScheduleOverride(new Person(name, email), rotation, from, until,
                line(node));
    }

    private static String email(String text) {
        if (!EMAIL.matcher(text).matches()) {
            throw new IllegalArgumentException("not an email address");
        }
        return text;
    }

    /** A mapping's fields by name, with a problem for each field it does not know; null when it is no mapping. */
    private Map<String, Node> fields(Node node, Set<String> known, String what) {
        if (!(node instanceof MappingNode mapping)) {
            problemAt(line(node), what + " must be a mapping of " + String.join(", ", known.stream().sorted().toList()));
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
            if (!known.contains(key)) {
                problemAt(line(tuple.getKeyNode()), "unknown field " + key + " in " + what + " (the fields are "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            } else if (fields.putIfAbsent(key, tuple.getValueNode()) != null) {
                problemAt(line(tuple.getKeyNode()), "field " + key + " appears twice in " + what);
            }
        }
        return fields;
    }

    private List<Node> items(Node node, String field) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problemAt(line(node), field + " must be a list (each item starting with -)");
            return List.of();
        }
        return sequence.getValue();
    }

    private <T> T required(Node owner, Map<String, Node> fields, String field, String expected,
                           Function<String, T> parse) {
        Node node = fields.get(field);
        if (node == null) {
            problemAt(line(owner), "missing " + field + " (" + expected + ")");
            return null;
        }
        String text = scalar(node, field);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text.trim());
        } catch (IllegalArgumentException | DateTimeException e) {
            problemAt(line(node), field + " \"" + text + "\" is not " + expected);
            return null;
        }
    }

    private String scalar(Node node, String field) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problemAt(line(node), field + " must be a single value");
        return null;
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    /** @param line 0 for the file as a whole */
    private void problemAt(int line, String problem) {
        problems.add(new Problem(line, "oncall.schedule-file " + file + (line > 0 ? " line " + line : "") + ": "
                + problem));
    }
}
