package dev.logremediation.oncall;

import dev.logremediation.config.SettingValues;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reply to an incident's email asks, read from its first word (any case): {@code ack}, {@code resolve}, or
 * {@code silence DURATION} (e.g. {@code silence 2h}, {@code silence 2 hours}). Blank lines, quoted lines
 * ({@code > ...}) and the "On ... wrote:" line above a quote are skipped, so a reply typed above or below the quote
 * works; the text after a signature ({@code --}) or Outlook's "Original Message" is not the reply's.
 *
 * @param verb     ack, resolve or silence
 * @param duration how long to silence; null for the others
 */
public record ReplyCommand(String verb, Duration duration) {

    private static final Pattern FIRST_WORDS = Pattern.compile(
            "^\\W*([A-Za-z]+)\\b[\\s.!:,;-]*(\\S*)(?:\\s+([A-Za-z]+))?");
    /** "On Thu, 3 Dec 2026 at 08:32, log-remediation <...> wrote:", which mail programs put above the quote. */
    private static final Pattern ATTRIBUTION_START = Pattern.compile("(?i)^(on|am|le|el|op|il)\\s.+");
    private static final Pattern ATTRIBUTION_END = Pattern.compile("(?i).*\\b(wrote|schrieb|a écrit|escribió|schreef|"
            + "ha scritto)\\b.*:$");
    /** Where the reply's own text ends: a signature, or the original below it as Outlook quotes it. */
    private static final Pattern OWN_TEXT_END = Pattern.compile("(?i)^(--|-{2,}\\s*original message\\s*-{2,}|_{10,}"
            + "|from:\\s.*)$");
    /** "silence 2 hours": the unit as a word. */
    private static final Map<String, String> UNIT_WORDS = Map.of("minute", "m", "minutes", "m", "min", "m", "mins",
            "m", "hour", "h", "hours", "h", "hr", "h", "hrs", "h", "day", "d", "days", "d");
    /** Where an HTML body breaks a line, and any other tag. */
    private static final Pattern LINE_BREAK_TAGS = Pattern.compile("(?i)<(br|/p|/div|/li|/h\\d|/tr)\\b[^>]*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern HTML_START = Pattern.compile("(?s)^\\s*<[!/a-zA-Z]");

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
        String[] lines = asPlainText(text).split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (trimmed.isEmpty() || trimmed.startsWith(">")) {
                continue;
            }
            if (OWN_TEXT_END.matcher(trimmed).matches()) {
                return Optional.empty();
            }
            int attributionEnd = attributionEnd(lines, i);
            if (attributionEnd >= 0) {
                i = attributionEnd;
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
                    String unit = words.group(3) == null ? null
                            : UNIT_WORDS.get(words.group(3).toLowerCase(Locale.ROOT));
                    if (amount.matches("\\d+") && unit != null) {
                        amount += unit;
                    }
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

    /**
     * The last line of the attribution that begins at line {@code start} ("On ... wrote:", folded over up to three
     * lines by the mail program), or -1 when none begins there.
     */
    private static int attributionEnd(String[] lines, int start) {
        if (!ATTRIBUTION_START.matcher(lines[start].strip()).matches()) {
            return -1;
        }
        for (int i = start; i < Math.min(lines.length, start + 3); i++) {
            if (ATTRIBUTION_END.matcher(lines[i].strip()).matches()) {
                return i;
            }
        }
        return -1;
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
