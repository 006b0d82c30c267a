package dev.logremediation.config;

import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads the product's own properties with typed accessors. Every key has its default in application.properties
 * (shipped in the jar, under the configuration file, the environment and overrides: {@link KnownSettings}), so the
 * code names no default of its own.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public String text(String key) {
        return properties.resolveProperty(key).map(String::trim).orElseThrow(() -> new IllegalStateException(
                "The setting " + key + " is read but not in application.properties: add it there with its default"));
    }

    public String required(String key) {
        return SettingValues.required(key, text(key));
    }

    public int positiveInt(String key) {
        return SettingValues.positiveInt(key, text(key));
    }

    public java.time.Duration duration(String key) {
        return SettingValues.duration(key, text(key));
    }

    /** A secret from the property (usually filled from the environment) or from the file named by key-file. */
    public String secret(String key) {
        return SettingValues.secret(key, text(key), text(key + "-file"));
    }

    /** A channel a watch names, from its channel.&lt;name&gt;.* keys (which the shipped file only shows as examples). */
    public Channel channel(String name) {
        return Channel.read(name, properties::resolveProperty);
    }
}
