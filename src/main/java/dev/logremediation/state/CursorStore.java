package dev.logremediation.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logremediation.loki.DeliveredLines;
import dev.logremediation.loki.LineIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each watch's Loki cursor and the identities at it in {@code state.dir/cursor-<watch>.json}, so a restart
 * neither re-alerts old lines nor skips new ones. Writes go to a temporary file first and are moved into place.
 */
public final class CursorStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, DeliveredLines> cursors = new ConcurrentHashMap<>();

    /** @param dir where cursors are kept; null keeps them in memory only (a batch run over a fixed window) */
    public CursorStore(Path dir) {
        this.dir = dir;
    }

    public DeliveredLines get(String watch) {
        return cursors.computeIfAbsent(watch, this::load);
    }

    public void save(String watch) {
        if (dir == null) {
            return;
        }
        DeliveredLines lines = get(watch);
        ObjectNode root = JSON.createObjectNode();
        root.put("cursorNanos", lines.cursorNanos());
        root.put("horizonNanos", lines.horizonNanos());
        ArrayNode ids = root.putArray("identities");
        for (LineIdentity id : lines.identities()) {
            ids.addArray().add(id.timestampNanos()).add(id.hashA()).add(id.hashB());
        }
        try {
            Files.createDirectories(dir);
            Path file = file(watch);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the Loki cursor of watch " + watch + " under " + dir
                    + ": check that state.dir is writable", e);
        }
    }

    private DeliveredLines load(String watch) {
        if (dir == null) {
            return DeliveredLines.none();
        }
        Path file = file(watch);
        if (!Files.exists(file)) {
            return DeliveredLines.none();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Set<LineIdentity> ids = new HashSet<>();
            for (JsonNode id : root.path("identities")) {
                ids.add(new LineIdentity(id.get(0).asLong(), id.get(1).asLong(), id.get(2).asLong()));
            }
            return new DeliveredLines(root.path("cursorNanos").asLong(), root.path("horizonNanos").asLong(), ids);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The Loki cursor file " + file + " is unreadable (" + e.getMessage()
                    + "): move it away to start the watch from now", e);
        }
    }

    private Path file(String watch) {
        return dir.resolve("cursor-" + watch.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }
}
