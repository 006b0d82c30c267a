package dev.logremediation.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile log lines of {@code src/test/resources/hostile/lines.jsonl} (format: see the README.md next to it).
 * Placeholders such as {@code %%KEY%%} are replaced by the values a test passes in; lines with
 * {@code lineBase64} hold raw bytes that are not valid UTF-8; {@code fills} generate the 1 MB and deeply nested lines.
 */
final class HostileCorpus {

    static final String RESOURCE = "/hostile/lines.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEFT_OVER = Pattern.compile("%%[A-Z_]+%%");

    /**
     * One hostile line.
     *
     * @param rawBytes the line's bytes as a Loki that passes bytes through would send them (not valid UTF-8 for the
     *                 {@code lineBase64} entries)
     * @param line     the line as a Java string: for {@code lineBase64} entries, the bytes decoded with U+FFFD for
     *                 each malformed sequence, as a Loki that sanitises its JSON (Go's encoding/json) sends them
     * @param refuse   fix codes of links in the line that remediation must refuse (and audit)
     * @param follow   fix codes of links in the line that point to an allow-listed host, so they are followed
     */
    record Entry(String id, int batch, Map<String, String> labels, byte[] rawBytes, String line, List<String> refuse,
                 List<String> follow, boolean invalidUtf8) {
    }

    private HostileCorpus() {
    }

    /** All entries in file order; every {@code %%NAME%%} in a line is replaced by {@code values.get(NAME)}. */
    static List<Entry> load(Map<String, String> values) {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = HostileCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                if (!text.isBlank()) {
                    entries.add(entry(JSON.readTree(text), values));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static Entry entry(JsonNode node, Map<String, String> values) {
        String id = node.path("id").asText();
        Map<String, String> labels = new TreeMap<>();
        node.path("labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        labels.putIfAbsent("component", "jwt-pizza-service");
        byte[] raw;
        String line;
        boolean invalidUtf8 = node.has("lineBase64");
        if (invalidUtf8) {
            raw = Base64.getDecoder().decode(node.get("lineBase64").asText());
            line = new String(raw, StandardCharsets.UTF_8);
        } else {
            line = node.path("line").asText();
            for (Map.Entry<String, String> value : values.entrySet()) {
                line = line.replace("%%" + value.getKey() + "%%", value.getValue());
            }
            for (JsonNode fill : node.path("fills")) {
                line = line.replace(fill.path("marker").asText(), fill.path("text").asText().repeat(fill.path("times").asInt()));
            }
            Matcher leftOver = LEFT_OVER.matcher(line);
            if (leftOver.find()) {
                throw new IllegalStateException("corpus line " + id + ": no value for placeholder " + leftOver.group());
            }
            raw = line.getBytes(StandardCharsets.UTF_8);
        }
        return new Entry(id, node.path("batch").asInt(), labels, raw, line, texts(node.path("refuse")),
                texts(node.path("follow")), invalidUtf8);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return List.copyOf(out);
    }

    /** The entries grouped by batch, in batch order. */
    static Map<Integer, List<Entry>> batches(List<Entry> entries) {
        Map<Integer, List<Entry>> batches = new TreeMap<>();
        entries.forEach(entry -> batches.computeIfAbsent(entry.batch(), b -> new ArrayList<>()).add(entry));
        return new LinkedHashMap<>(batches);
    }
}
