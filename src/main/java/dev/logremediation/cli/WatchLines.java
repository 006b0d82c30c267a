package dev.logremediation.cli;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the route files write each watch's recipients parameter, so that a problem with it names the line to fix:
 * Camel keeps no source location for a route made from a template.
 */
final class WatchLines {

    private WatchLines() {
    }

    /**
     * @param includePattern camel.main.routes-include-pattern, e.g. file:routes/*.camel.yaml
     * @return per watch name, e.g. "routes/watches.camel.yaml line 17"; a watch whose recipients are the template's
     *         default (mail.to) has none
     */
    static Map<String, String> recipients(String includePattern) {
        Map<String, String> lines = new HashMap<>();
        for (String pattern : includePattern.split(",")) {
            String glob = pattern.trim();
            if (!glob.startsWith("file:")) {
                continue;
            }
            Path path = Path.of(glob.substring("file:".length()));
            Path folder = path.getParent() == null ? Path.of(".") : path.getParent();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, path.getFileName().toString())) {
                files.forEach(file -> read(file, lines));
            } catch (IOException e) {
                // the route loader reports a folder it cannot read; the problem is then named without its line
            }
        }
        return lines;
    }

    private static void read(Path file, Map<String, String> lines) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Optional<Node> root = new Compose(LoadSettings.builder().build()).composeReader(in);
            if (root.orElse(null) instanceof SequenceNode routes) {
                for (Node route : routes.getValue()) {
                    Node parameters = field(field(route, "templatedRoute"), "parameters");
                    if (parameters instanceof SequenceNode list) {
                        watch(list.getValue(), file, lines);
                    }
                }
            }
        } catch (IOException | YamlEngineException e) {
            // the route loader reports a route file it cannot read
        }
    }

    private static void watch(List<Node> parameters, Path file, Map<String, String> lines) {
        String name = null;
        Node recipients = null;
        for (Node parameter : parameters) {
            String parameterName = scalar(field(parameter, "name"));
            if ("name".equals(parameterName)) {
                name = scalar(field(parameter, "value"));
            } else if ("recipients".equals(parameterName)) {
                recipients = field(parameter, "value");
            }
        }
        if (name != null && recipients != null) {
            lines.put(name, file + " line " + recipients.getStartMark().map(mark -> mark.getLine() + 1).orElse(1));
        }
    }

    private static Node field(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (key.equals(scalar(tuple.getKeyNode()))) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }
}
