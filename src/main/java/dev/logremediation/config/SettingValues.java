package dev.logremediation.config;

import org.apache.camel.util.TimeUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Turns property text into typed values, failing with one line that names the property and what to write. */
public final class SettingValues {

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("(?i)\\d+|(\\d+\\s*(ms|s|m|h|d))+");

    private SettingValues() {
    }

    public static Duration duration(String property, String text) {
        // Camel's parser reads an unknown unit ("10x") as 0: only digits and known units are let through
        if (!DURATION.matcher(text.trim()).matches()) {
            throw new InvalidSettingException(property, text, "a duration such as 500ms, 10s, 2m or 1h");
        }
        try {
            long millis = TimeUtils.toMilliSeconds(text.trim());
            if (millis < 0) {
                throw new IllegalArgumentException("negative");
            }
            return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            throw new InvalidSettingException(property, text, "a duration such as 500ms, 10s, 2m or 1h");
        }
    }

    public static int positiveInt(String property, String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException(property, text, "a whole number above 0");
    }

    public static boolean bool(String property, String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new InvalidSettingException(property, text, "true or false");
    }

    public static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public static String required(String property, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException(property, "", "a value (it is required)");
        }
        return text.trim();
    }

    /** A secret given inline (usually from the environment) or, when {@code file} is set, read from that file. */
    public static String secret(String property, String inline, String file) {
        if (file == null || file.isBlank()) {
            return inline == null ? "" : inline.trim();
        }
        try {
            return Files.readString(Path.of(file.trim())).trim();
        } catch (IOException e) {
            throw new InvalidSettingException(property + "-file", file, "a readable file holding the secret");
        }
    }
}
