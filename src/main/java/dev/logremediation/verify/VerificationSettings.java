package dev.logremediation.verify;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.config.SettingValues;
import dev.logremediation.config.Settings;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The verification purchase's settings, read once from the verification.* properties.
 *
 * @param enabled       when false the route buys nothing and answers {@code DISABLED}
 * @param shopUrl       the operator's pizza service, e.g. https://pizza-service.example.com (no trailing slash)
 * @param factoryUrl    the pizza factory that verifies pizza tokens
 * @param dinerEmail    the diner who logs in and buys
 * @param dinerPassword the diner's password (secret)
 * @param timeout       the whole purchase, and the longest any one call may wait
 * @param maxLatency    an order at least this slow does not prove recovery
 */
public record VerificationSettings(boolean enabled, String shopUrl, String factoryUrl, String dinerEmail,
                                   String dinerPassword, Duration timeout, Duration maxLatency) {

    private static final Pattern BASE_URL = Pattern.compile("https?://[^/\\s?#]+(/[^\\s?#]*)?");

    public static VerificationSettings from(Settings settings) {
        boolean enabled = bool("verification.enabled", settings.text("verification.enabled"));
        String password = settings.secret("verification.diner-password");
        if (enabled && password.isEmpty()) {
            throw new InvalidSettingException("verification.diner-password", "",
                    "the diner's password when verification.enabled=true (set VERIFICATION_DINER_PASSWORD"
                            + " or verification.diner-password-file)");
        }
        return new VerificationSettings(enabled,
                baseUrl("verification.shop-url", settings.text("verification.shop-url")),
                baseUrl("verification.factory-url",
                        settings.text("verification.factory-url")),
                SettingValues.required("verification.diner-email", settings.text("verification.diner-email")),
                password,
                positive("verification.timeout", settings.duration("verification.timeout")),
                positive("verification.max-latency", settings.duration("verification.max-latency")));
    }

    private static boolean bool(String property, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(property, text, "true or false");
        };
    }

    /** The routes append paths to it, so it must be a full http(s) URL without a trailing slash. */
    private static String baseUrl(String property, String text) {
        if (!BASE_URL.matcher(text).matches() || text.endsWith("/")) {
            throw new InvalidSettingException(property, text,
                    "an http(s) base URL without a trailing slash, e.g. https://pizza-service.example.com");
        }
        return text;
    }

    private static Duration positive(String property, Duration duration) {
        if (duration.isZero()) {
            throw new InvalidSettingException(property, "0", "a duration above 0, such as 20s");
        }
        return duration;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "VerificationSettings[enabled=" + enabled + ", shopUrl=" + shopUrl + ", factoryUrl=" + factoryUrl
                + ", dinerEmail=" + dinerEmail + ", dinerPassword=" + (dinerPassword.isEmpty() ? "" : "****")
                + ", timeout=" + timeout + ", maxLatency=" + maxLatency + "]";
    }
}
