package dev.logremediation.oncall;

import dev.logremediation.config.SettingValues;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reply to an incident's email asks, read from its first word (any case): {@code ack}, {@code resolve}, or
 * {@code silence DURATION} (e.g. {@code silence 2h}). Quoted lines ({@code > ...}) and blank lines before it are
 * skipped, so a reply typed above or below the quote works.
 *
 * @param verb     ack, resolve or silence
 * @param duration how long to silence; null for the others
 */
public record ReplyCommand(String verb, Duration duration) {

    private static final Pattern FIRST_WORDS = Pattern.compile("^\\W*([A-Za-z]+)\\b[\\s.!:,;-]*(\\S*)");
    /** Where an HTML body breaks a line, and any other tag. */
    private static final Pattern LINE_BREAK_TAGS = Pattern.compile("(?i)<(br|/p|/div|/li|/h\\d|/tr)\\b[^>]*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern HTML_START = Pattern.compile("(?is)^\\s*(<!doctype|<html|<body|<div|<p[\\s>]|<meta)");

    /** As the acknowledged email and the report show it: "ack", "resolve", "silence 2h". */
    public String text() {
        return duration == null ? verb : verb + " " + dev.logremediation.text.Text.duration(duration);
    }

    /**
     * The command of a reply's text, or empty when its first word is none (or "silence" lacks a duration).
     *
     * @param text the reply's text/plain body, or its HTML body when it has no other (read as text: tags become line
     *             breaks or nothing, a quoted original is a blockquote)
     */
    public static Optional<ReplyCommand> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (String line : asPlainText(text).split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith(">")) {
                continue;
            }
            Matcher words = FIRST_WORDS.matcher(trimmed);
            if (!words.find()) {
                return Optional.empty();
            }
            String verb = words.group(1).toLowerCase(Locale.ROOT);
            switch (verb) {
                case "ack", "acknowledge", "acknowledged" -> {
                    return Optional.of(new ReplyCommand("ack", null));
                }
                case "resolve", "resolved" -> {
                    return Optional.of(new ReplyCommand("resolve", null));
                }
                case "silence" -> {
                    // "silence 2h, deploying the fix": the punctuation after the duration is the sentence's
                    String amount = words.group(2).replaceAll("[.,;:!?]+$", "");
                    if (!amount.matches("\\d+[A-Za-z].*")) {
                        return Optional.empty();
                    }
                    try {
                        Duration duration = SettingValues.duration("silence", amount);
                        return !duration.isZero() ? Optional.of(new ReplyCommand("silence", duration))
                                : Optional.empty();
                    } catch (IllegalArgumentException notADuration) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** An HTML body as lines of text: enough to find its first word, not a renderer. */
    private static String asPlainText(String text) {
        if (!HTML_START.matcher(text).find()) {
            return text;
        }
        String body = text.replaceAll("(?is)<(head|style|script)\\b.*?</\\1>", "");
        // a quoted original in HTML is a blockquote: quote its lines as a mail program quotes text
        body = body.replaceAll("(?is)<blockquote\\b.*", "\n> ");
        body = TAGS.matcher(LINE_BREAK_TAGS.matcher(body).replaceAll("\n")).replaceAll("");
        return body.replace("&nbsp;", " ").replace("&#160;", " ");
    }
}
