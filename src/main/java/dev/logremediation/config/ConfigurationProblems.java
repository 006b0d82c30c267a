package dev.logremediation.config;

import java.util.List;

/** Several configuration mistakes found at once, each a line that names the key or watch and what to write. */
public class ConfigurationProblems extends IllegalArgumentException {

    private final List<String> problems;

    public ConfigurationProblems(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /** The problems a failed start carries somewhere in its causes, or null when it failed for another reason. */
    public static ConfigurationProblems in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConfigurationProblems problems) {
                return problems;
            }
        }
        return null;
    }
}
