package dev.logremediation.verify;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.KnownSettings;
import dev.logremediation.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerificationSettingsTest {

    private static VerificationSettings read(Map<String, String> values) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.putAll(values);
            // over the shipped defaults, as the product reads them
            context.getPropertiesComponent().setLocation("classpath:" + KnownSettings.DEFAULTS);
            context.getPropertiesComponent().setOverrideProperties(properties);
            return VerificationSettings.from(new Settings(context.getPropertiesComponent()));
        }
    }

    @Test
    void defaultsNeedNoPasswordWhileVerificationIsOff() throws Exception {
        VerificationSettings settings = read(Map.of("verification.shop-url", "https://pizza-service.example.com"));
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.factoryUrl()).isEqualTo("https://pizza-factory.cs329.click");
        assertThat(settings.dinerEmail()).isEqualTo("d@jwt.com");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.maxLatency()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void verificationOnNeedsThePasswordAndSaysWhereToPutIt() {
        assertThatThrownBy(() -> read(Map.of("verification.enabled", "true",
                "verification.shop-url", "https://pizza-service.example.com")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Invalid setting verification.diner-password=")
                .hasMessageContaining("VERIFICATION_DINER_PASSWORD").hasMessageNotContaining("\n");
    }

    @Test
    void thePasswordCanComeFromAFileAndIsNeverShown(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "from-the-file\n");
        VerificationSettings settings = read(Map.of("verification.enabled", "TRUE",
                "verification.shop-url", "http://127.0.0.1:3000",
                "verification.diner-password-file", file.toString()));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.dinerPassword()).isEqualTo("from-the-file");
        assertThat(settings.toString()).doesNotContain("from-the-file");
    }

    @Test
    void badValuesFailWithOneLineNamingTheProperty() {
        Map<String, String> good = Map.of("verification.shop-url", "http://127.0.0.1:3000");
        assertThatThrownBy(() -> read(with(good, "verification.shop-url", "http://127.0.0.1:3000/")))
                .hasMessageStartingWith("Invalid setting verification.shop-url=");
        assertThatThrownBy(() -> read(with(good, "verification.factory-url", "pizza-factory.cs329.click")))
                .hasMessageStartingWith("Invalid setting verification.factory-url=");
        assertThatThrownBy(() -> read(with(good, "verification.timeout", "soon")))
                .hasMessageStartingWith("Invalid setting verification.timeout=");
        assertThatThrownBy(() -> read(with(good, "verification.max-latency", "0s")))
                .hasMessageStartingWith("Invalid setting verification.max-latency=");
        assertThatThrownBy(() -> read(with(good, "verification.enabled", "yes")))
                .hasMessageStartingWith("Invalid setting verification.enabled=\"yes\"");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }
}
