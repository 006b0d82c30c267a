package dev.logremediation.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The silence commands as a person runs them, against the state directory of a running product (or a fresh one). */
public final class SilenceCli {

    /** What one command did: its exit code, standard output and standard error. */
    public record Outcome(int exitCode, String out, String err) {
    }

    private final Path config;

    /** A configuration file that names only the state directory: the rest are the shipped defaults. */
    public SilenceCli(Path stateDir) throws IOException {
        config = Files.createTempFile("silence-cli", ".properties");
        Files.writeString(config, "state.dir=" + stateDir.toString().replace("\\", "/") + "\n");
    }

    /** {@code silence ARGS... --config FILE} */
    public Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> line = new ArrayList<>(List.of("silence"));
        line.addAll(List.of(args));
        line.add("--config=" + config);
        int code = LogRemediation.run(line.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code silence add ARGS...}, which must succeed: the new silence's id. */
    public String add(String... args) {
        List<String> line = new ArrayList<>(List.of("add"));
        line.addAll(List.of(args));
        Outcome outcome = run(line.toArray(String[]::new));
        if (outcome.exitCode() != 0) {
            throw new AssertionError("silence add failed: " + outcome.err());
        }
        return outcome.out().trim();
    }
}
