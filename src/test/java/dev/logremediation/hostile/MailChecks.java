package dev.logremediation.hostile;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks on a received email as bytes on the wire (the raw MIME) and as a mail client would show it: one header of
 * each kind, nothing injected, a one-line subject without invisible characters, an HTML part without active content.
 * Each check returns the problems it found, so a failing test names every one of them.
 */
final class MailChecks {

    /** Header names the product (or the receiving SMTP server) legitimately writes at the top of an email. */
    static final Set<String> TOP_HEADERS = Set.of("return-path", "received", "date", "from", "to", "message-id",
            "in-reply-to", "references", "subject", "mime-version", "content-type", "content-transfer-encoding");
    /** Each of these must appear exactly once. */
    static final List<String> SINGLE_HEADERS = List.of("subject", "to", "from", "message-id", "content-type");
    static final Set<String> PART_HEADERS = Set.of("content-type", "content-transfer-encoding", "content-disposition",
            "content-id", "content-description", "mime-version");

    private static final Pattern ACTIVE_TAG = Pattern.compile(
            "<\\s*/?\\s*(script|img|iframe|frame|frameset|svg|math|object|embed|applet|form|input|button|textarea|select|"
                    + "base|link|style|video|audio|source|details|marquee|template|portal)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[a-zA-Z!/][^>]*>");
    private static final Pattern EVENT_ATTRIBUTE = Pattern.compile("[\\s\"'/]on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_ATTRIBUTE = Pattern.compile(
            "\\b(href|src|action|formaction|background|data|poster|xlink:href|srcset)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_LINE = Pattern.compile(
            "(?i)^(bcc|cc|to|from|subject|reply-to|sender|x-injected|content-type|mime-version)\\s*:.*");

    private MailChecks() {
    }

    /** The message exactly as it was delivered: {@code writeTo} bytes, read as ISO-8859-1 so no byte is lost. */
    static String raw(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The top header block, unfolded: (name, raw value) in order. */
    static List<Map.Entry<String, String>> topHeaders(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String block = end < 0 ? raw : raw.substring(0, end);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        StringBuilder current = null;
        for (String line : block.split("\r\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(line); // folded continuation
                continue;
            }
            if (current != null) {
                headers.add(split(current.toString()));
            }
            current = new StringBuilder(line);
        }
        if (current != null && current.length() > 0) {
            headers.add(split(current.toString()));
        }
        return headers;
    }

    private static Map.Entry<String, String> split(String header) {
        int colon = header.indexOf(':');
        return colon < 0 ? Map.entry(header, "") : Map.entry(header.substring(0, colon), header.substring(colon + 1).strip());
    }

    /** Everything that makes this email unsafe or malformed; empty when it is fine. */
    static List<String> problems(MimeMessage message, String expectedTo, String expectedFrom) {
        List<String> problems = new ArrayList<>();
        String raw = raw(message);
        String subjectForHumans = subjectOf(message);
        String where = "email \"" + printable(subjectForHumans) + "\": ";

        // headers on the wire
        List<Map.Entry<String, String>> headers = topHeaders(raw);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            counts.merge(name, 1, Integer::sum);
            if (!TOP_HEADERS.contains(name)) {
                problems.add(where + "unexpected header line \"" + printable(header.getKey() + ": " + header.getValue()) + "\"");
            }
            if (name.equals("subject")) {
                String decoded = decode(header.getValue());
                if (hasInvisible(header.getValue()) || hasInvisible(decoded)) {
                    problems.add(where + "the Subject header holds control, line-break, bidi or zero-width characters: raw \""
                            + printable(header.getValue()) + "\", as mail clients show it \"" + printable(decoded) + "\"");
                }
            }
        }
        for (String name : SINGLE_HEADERS) {
            int count = counts.getOrDefault(name, 0);
            if (count != 1) {
                problems.add(where + count + " " + name + " header(s) on the wire, expected exactly 1");
            }
        }
        for (String forbidden : List.of("bcc", "cc", "reply-to", "sender")) {
            if (counts.containsKey(forbidden)) {
                problems.add(where + "injected " + forbidden + " header");
            }
        }
        // no header-looking line anywhere after the top header block either (for example smuggled into a part);
        // quoted-printable's soft line breaks ("=" at a line's end) only wrap long lines, they break no line
        int bodyStart = raw.indexOf("\r\n\r\n");
        if (bodyStart >= 0) {
            for (String line : raw.substring(bodyStart + 4).replace("=\r\n", "").split("\r?\n")) {
                if (HEADER_LINE.matcher(line).matches() && !line.toLowerCase(Locale.ROOT).startsWith("content-type:")
                        && !line.toLowerCase(Locale.ROOT).startsWith("mime-version:")) {
                    problems.add(where + "CR/LF from untrusted text reached the body: a line that looks like a header: \""
                            + printable(line) + "\"");
                }
            }
        }
        if (hasInvisible(subjectForHumans)) {
            problems.add(where + "getSubject() holds control, line-break, bidi or zero-width characters: \""
                    + printable(subjectForHumans) + "\"");
        }

        // envelope-visible addresses
        try {
            List<String> recipients = addresses(message.getAllRecipients());
            if (!recipients.equals(List.of(expectedTo))) {
                problems.add(where + "recipients " + recipients + ", expected only " + expectedTo);
            }
            List<String> from = addresses(message.getFrom());
            if (!from.equals(List.of(expectedFrom))) {
                problems.add(where + "From " + from + ", expected " + expectedFrom);
            }
            partHeaderProblems(message, where, problems);
        } catch (MessagingException | IOException e) {
            problems.add(where + "unreadable: " + e);
        }

        // the HTML part as a mail client renders it
        String html = part(message, "text/html");
        if (html == null) {
            problems.add(where + "no text/html part");
        } else {
            problems.addAll(htmlProblems(html, where));
        }
        return problems;
    }

    static List<String> htmlProblems(String html, String where) {
        List<String> problems = new ArrayList<>();
        Matcher active = ACTIVE_TAG.matcher(html);
        while (active.find()) {
            problems.add(where + "unescaped active tag in the HTML: \"" + printable(context(html, active.start())) + "\"");
        }
        Matcher tags = TAG.matcher(html);
        while (tags.find()) {
            String tag = tags.group();
            if (EVENT_ATTRIBUTE.matcher(tag).find()) {
                problems.add(where + "event-handler attribute in the HTML: \"" + printable(tag) + "\"");
            }
            if (tag.toLowerCase(Locale.ROOT).startsWith("<meta") && tag.toLowerCase(Locale.ROOT).contains("http-equiv")) {
                problems.add(where + "meta http-equiv in the HTML: \"" + printable(tag) + "\"");
            }
            Matcher url = URL_ATTRIBUTE.matcher(tag);
            while (url.find()) {
                String value = url.group(2);
                if (value.startsWith("\"") || value.startsWith("'")) {
                    value = value.substring(1, value.length() - 1);
                }
                String target = htmlDecode(value).replaceAll("[\\s\\p{Cntrl}\\p{Cf}]", "").toLowerCase(Locale.ROOT);
                if (!target.startsWith("http://") && !target.startsWith("https://")) {
                    problems.add(where + url.group(1) + " to a non-http(s) target in the HTML: \"" + printable(tag) + "\"");
                }
            }
        }
        return problems;
    }

    private static void partHeaderProblems(Part part, String where, List<String> problems)
            throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                Enumeration<Header> headers = body.getAllHeaders();
                while (headers.hasMoreElements()) {
                    Header header = headers.nextElement();
                    if (!PART_HEADERS.contains(header.getName().toLowerCase(Locale.ROOT))) {
                        problems.add(where + "unexpected header in a MIME part: \"" + printable(header.getName() + ": "
                                + header.getValue()) + "\"");
                    }
                }
                partHeaderProblems(body, where, problems);
            }
        }
    }

    /** The first part of the type (searching nested multiparts), decoded, or null. */
    static String part(Part message, String mimeType) {
        try {
            if (message.isMimeType(mimeType)) {
                Object content = message.getContent();
                return content instanceof String text ? text
                        : new String(message.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            if (message.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) message.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    String found = part(multipart.getBodyPart(i), mimeType);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("unreadable part: " + e, e);
        }
    }

    static String subjectOf(MimeMessage message) {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Control (C0, C1, DEL), line or paragraph separators, and format characters (bidi controls, zero-width). */
    static boolean hasInvisible(String text) {
        return text.chars().anyMatch(MailChecks::isInvisible);
    }

    static boolean isInvisible(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.FORMAT;
    }

    private static String decode(String value) {
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(value));
        } catch (java.io.UnsupportedEncodingException e) {
            return value;
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    private static String htmlDecode(String text) {
        Matcher numeric = Pattern.compile("&#(x?)([0-9a-fA-F]+);?").matcher(text);
        StringBuilder out = new StringBuilder();
        while (numeric.find()) {
            int code = Integer.parseInt(numeric.group(2), numeric.group(1).isEmpty() ? 10 : 16);
            numeric.appendReplacement(out, Matcher.quoteReplacement(new String(Character.toChars(code))));
        }
        numeric.appendTail(out);
        return out.toString().replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&colon;", ":").replace("&Tab;", "\t").replace("&NewLine;", "\n").replace("&amp;", "&");
    }

    private static String context(String text, int at) {
        return text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 60));
    }

    /** Makes invisible characters visible in failure messages: \r, \n, U+202E... */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        String cut = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        cut.codePoints().forEach(c -> {
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (isInvisible(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
