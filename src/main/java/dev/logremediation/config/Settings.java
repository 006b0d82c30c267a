package dev.logremediation.config;

import org.apache.camel.spi.PropertiesComponent;

import java.util.Optional;

/** Reads the product's own properties (application.properties, environment, overrides) with typed accessors. */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public String text(String key, String fallback) {
        Optional<String> value = properties.resolveProperty(key);
        return value.map(String::trim).orElse(fallback);
    }

    public String required(String key) {
        return SettingValues.required(key, text(key, ""));
    }

    public int positiveInt(String key, String fallback) {
        return SettingValues.positiveInt(key, text(key, fallback));
    }

    public java.time.Duration duration(String key, String fallback) {
        return SettingValues.duration(key, text(key, fallback));
    }

    /** A secret from the property (usually filled from the environment) or from the file named by key-file. */
    public String secret(String key) {
        return SettingValues.secret(key, text(key, ""), text(key + "-file", ""));
    }
}
