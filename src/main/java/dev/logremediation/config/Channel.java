package dev.logremediation.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A destination beside email, named in a watch's {@code channels} and defined by {@code channel.<name>.type} and its
 * URL. The URL is a secret (webhook URLs carry their token): it comes from the environment
 * ({@code CHANNEL_<NAME>_URL}) or the file named by {@code channel.<name>.url-file}, and {@link #toString()} never shows
 * it.
 *
 * @param name the name watches use
 * @param type what the receiver understands
 * @param url  where messages are posted
 */
public record Channel(String name, Type type, String url) {

    /** The channel every watch has unless it names others: the on-call email. */
    public static final String EMAIL = "email";

    /** Channel names become setting keys and environment variables: lower case, so that both are unambiguous. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** The keys that define a channel, beside the shipped settings. */
    public static final Pattern KEY = Pattern.compile("channel\\.[a-z0-9][a-z0-9-]*\\.(type|url|url-file)");

    /** webhook: an Alertmanager-webhook-compatible JSON body; slack: a Slack (or Mattermost) incoming-webhook message. */
    public enum Type { WEBHOOK, SLACK }

    /**
     * Reads the channel's definition.
     *
     * @param property resolves a setting key (the configuration file, overrides and the environment)
     * @throws InvalidSettingException naming the key to set, without ever showing the URL
     */
    public static Channel read(String name, Function<String, Optional<String>> property) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSettingException("channel name", name,
                    "email, or a name of lower-case letters, digits and '-' defined by channel.<name>.type");
        }
        String prefix = "channel." + name + ".";
        String type = property.apply(prefix + "type").map(String::trim).orElse("");
        if (type.isEmpty()) {
            throw new InvalidSettingException(prefix + "type", "", "webhook or slack: channel " + name
                    + " is named by a watch but not defined (set " + prefix + "type and its URL in "
                    + envName(name) + " or " + prefix + "url-file)");
        }
        Type parsed = switch (type.toLowerCase(Locale.ROOT)) {
            case "webhook" -> Type.WEBHOOK;
            case "slack" -> Type.SLACK;
            default -> throw new InvalidSettingException(prefix + "type", type, "webhook or slack");
        };
        String url = SettingValues.secret(prefix + "url", property.apply(prefix + "url").orElse(""),
                property.apply(prefix + "url-file").orElse(""));
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            // the value is a secret: the message names where it comes from, not what it is
            throw new InvalidSettingException(prefix + "url", url.isEmpty() ? "" : "(hidden)", "an http(s) URL, from "
                    + envName(name) + " or the file named by " + prefix + "url-file");
        }
        return new Channel(name, parsed, url);
    }

    /** The environment variable that holds the channel's URL. */
    public static String envName(String name) {
        return ("CHANNEL_" + name + "_URL").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The text with this channel's URL (and its path, where tokens live) replaced by the channel's name. */
    public String mask(String text) {
        if (text == null) {
            return "";
        }
        String masked = text.replace(url, "<" + name + " URL>");
        URI uri = URI.create(url);
        String rawPath = uri.getRawPath();
        if (rawPath != null && rawPath.length() > 1) {
            masked = masked.replace(rawPath, "/<" + name + " URL path>");
        }
        String query = uri.getRawQuery();
        return query == null || query.isEmpty() ? masked : masked.replace(query, "<" + name + " URL query>");
    }

    @Override
    public String toString() {
        return "channel " + name + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
    }
}
