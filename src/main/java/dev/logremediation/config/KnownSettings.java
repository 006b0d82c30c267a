package dev.logremediation.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The settings that exist: the keys of application.properties as the jar ships it, the one place where every
 * setting is written with its default. The configuration file and the overrides lie over these defaults, and a key
 * of theirs under one of the product's own prefixes that names no setting is an error with a did-you-mean, since it
 * would otherwise be ignored without a word. Camel's keys (camel.*) are Camel's to check. Environment variables are
 * not checked: many unrelated ones share the product's prefixes (MAIL, Kubernetes' LOKI_SERVICE_HOST for a service
 * named loki), and LOKI_PAGE_LIMIT cannot tell loki.page-limit from loki.page.limit.
 */
public final class KnownSettings {

    /** The shipped application.properties on the classpath (pom.xml, resources). */
    public static final String DEFAULTS = "defaults/application.properties";

    /**
     * The watches' settings and the channels' definitions: their prefixes are the product's even before a key of
     * theirs is shipped.
     */
    private static final Set<String> ALWAYS_PRODUCT_PREFIXES = Set.of("watch", "channel");

    private static final KnownSettings SHIPPED = load();

    private final Properties defaults;
    private final Set<String> keys;
    private final Set<String> prefixes;

    KnownSettings(Properties defaults) {
        this.defaults = defaults;
        this.keys = Set.copyOf(defaults.stringPropertyNames());
        Set<String> productPrefixes = new TreeSet<>(ALWAYS_PRODUCT_PREFIXES);
        keys.stream().map(KnownSettings::prefix).filter(prefix -> !prefix.equals("camel")).forEach(productPrefixes::add);
        this.prefixes = Set.copyOf(productPrefixes);
    }

    public static KnownSettings shipped() {
        return SHIPPED;
    }

    /** The file's settings over the shipped defaults, as Camel reads them (without the environment). */
    public Properties withDefaults(Path config) {
        Properties settings = new Properties();
        settings.putAll(defaults);
        settings.putAll(read(config));
        return settings;
    }

    /** Fails with one line per key of the file or the overrides that names no setting. */
    public void check(Path config, Map<String, String> overrides) {
        List<String> problems = new ArrayList<>(unknown(read(config).stringPropertyNames(), config.getFileName().toString()));
        problems.addAll(unknown(overrides.keySet(), "the overriding settings"));
        if (!problems.isEmpty()) {
            throw new ConfigurationProblems(problems);
        }
    }

    List<String> unknown(Set<String> given, String source) {
        return given.stream().sorted()
                .filter(key -> prefixes.contains(prefix(key)) && !keys.contains(key) && !Channel.KEY.matcher(key).matches())
                .map(key -> "unknown setting " + key + " in " + source + ": " + hint(key))
                .toList();
    }

    private String hint(String key) {
        if (prefix(key).equals("channel")) {
            return "a channel is defined by channel.<name>.type, channel.<name>.url and channel.<name>.url-file,"
                    + " with a name of lower-case letters, digits and '-'";
        }
        String nearest = keys.stream().min(Comparator.comparingInt(known -> distance(key, known))).orElseThrow();
        // a slip of a few letters, not a different word
        if (distance(key, nearest) <= Math.max(2, key.length() / 6)) {
            return "did you mean " + nearest + "?";
        }
        String prefix = prefix(key);
        String siblings = keys.stream().filter(known -> prefix(known).equals(prefix)).sorted()
                .collect(Collectors.joining(", "));
        return siblings.isEmpty() ? "no " + prefix + ".* setting exists"
                : "no setting has that name (the " + prefix + ".* settings are " + siblings + ")";
    }

    private static String prefix(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** Edit distance, ignoring case. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitute = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    private static Properties read(Path config) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + config + ": " + e.getMessage(), e);
        }
        return properties;
    }

    private static KnownSettings load() {
        Properties defaults = new Properties();
        try (InputStream in = KnownSettings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath: build with mvn package");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KnownSettings(defaults);
    }
}
