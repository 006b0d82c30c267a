package dev.logremediation.detect;

import static dev.logremediation.detect.EscapedText.after;
import static dev.logremediation.detect.EscapedText.afterSlash;
import static dev.logremediation.detect.EscapedText.isDigit;
import static dev.logremediation.detect.EscapedText.isWordChar;
import static dev.logremediation.detect.EscapedText.skipBackslashes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds pizza-factory chaos resolution links in a log line by their URL shape (the field that carries them has had
 * many names), even when the line holds them JSON-escaped up to three times. Known shapes:
 * <ul>
 *   <li>{@code http(s)://host[:port]/api/support/<apiKey>/report/<fixCode>} (today)</li>
 *   <li>{@code http(s)://host[:port]/api/report?apiKey=<apiKey>&fixCode=<fixCode>} (2024 grading relay; any
 *       parameter order, {@code &} also as a JSON {@code u0026} escape or {@code &amp;})</li>
 * </ul>
 * The built-in shapes are parsed by hand (no regex) so a line without {@code http} costs one {@code indexOf}.
 * Returned links are clean URLs and contain the operator's secret api key: mask them before logging.
 * Thread-safe and immutable.
 */
public final class ResolutionLinkExtractor {

    /** At most this many distinct links per line; a line repeating links must not grow an incident unboundedly. */
    public static final int MAX_LINKS = 10;

    private static final int MAX_API_KEY_CHARS = 128;
    private static final int MAX_FIX_CODE_CHARS = 32;
    private static final int MAX_HOST_CHARS = 253;
    private static final int MAX_PARAM_CHARS = 256;
    /** Stop looking after this many candidates so a line full of links stays cheap. */
    private static final int MAX_HITS = 100;

    /** Every built-in link shape holds one of these right after its {@code /api/}. */
    static final String SUPPORT_PATH = "support";
    static final String REPORT_QUERY = "report?";

    private final List<Pattern> extraPatterns;

    /**
     * @param extraPatterns operator-specific link shapes, matched against the line with its JSON escaping of
     *                      {@code /}, {@code "} and {@code &} removed; a match's group {@code link}, if the pattern
     *                      names one, else the whole match, is taken as a link
     */
    public ResolutionLinkExtractor(List<Pattern> extraPatterns) {
        this.extraPatterns = List.copyOf(extraPatterns);
    }

    /** Only the built-in link shapes. */
    public static ResolutionLinkExtractor defaults() {
        return new ResolutionLinkExtractor(List.of());
    }

    /** The operator's own link shapes: a line filter cannot know what they match. */
    public List<Pattern> extraPatterns() {
        return extraPatterns;
    }

    /** The distinct links in {@code text}, unescaped, in order of appearance, at most {@link #MAX_LINKS}. */
    public List<String> extract(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<Hit> hits = null;
        for (int at = text.indexOf("http"); at >= 0; at = text.indexOf("http", at + 4)) {
            String link = parseLinkAt(text, at);
            if (link != null) {
                hits = add(hits, new Hit(at, link));
                if (hits.size() >= MAX_HITS) {
                    break;
                }
            }
        }
        if (!extraPatterns.isEmpty()) {
            Unescaped view = Unescaped.of(text);
            for (Pattern pattern : extraPatterns) {
                hits = findExtra(pattern, view, hits);
            }
            if (hits != null) {
                hits.sort(Comparator.comparingInt(Hit::at)); // stable: a built-in hit stays first at a shared position
            }
        }
        return hits == null ? List.of() : distinct(hits);
    }

    private static List<Hit> findExtra(Pattern pattern, Unescaped view, List<Hit> hits) {
        boolean named = pattern.pattern().contains("(?<link>");
        Matcher m = pattern.matcher(view.text());
        int count = 0;
        while (m.find() && count++ < MAX_HITS) {
            String raw = named ? m.group("link") : m.group();
            String link = raw == null ? "" : cleanMatch(raw);
            // a loose pattern must not turn javascript:, data: or file: text into a clickable link
            if (link.regionMatches(true, 0, "http://", 0, 7) || link.regionMatches(true, 0, "https://", 0, 8)) {
                hits = add(hits, new Hit(view.originOf(named ? m.start("link") : m.start()), link));
            }
        }
        return hits;
    }

    private static List<Hit> add(List<Hit> hits, Hit hit) {
        List<Hit> list = hits == null ? new ArrayList<>(2) : hits;
        list.add(hit);
        return list;
    }

    private static List<String> distinct(List<Hit> hits) {
        List<String> links = new ArrayList<>(Math.min(hits.size(), MAX_LINKS));
        for (Hit hit : hits) {
            if (!links.contains(hit.link())) {
                links.add(hit.link());
                if (links.size() == MAX_LINKS) {
                    break;
                }
            }
        }
        return List.copyOf(links);
    }

    /** The clean link starting at {@code at} (which holds "http"), or null when the text there is not a link. */
    private static String parseLinkAt(String s, int at) {
        int n = s.length();
        int p = at + 4;
        boolean https = p < n && s.charAt(p) == 's';
        if (https) {
            p++;
        }
        if (p >= n || s.charAt(p) != ':') {
            return null;
        }
        p = afterSlash(s, p + 1);
        p = p < 0 ? -1 : afterSlash(s, p);
        if (p < 0) {
            return null;
        }
        int hostStart = p;
        while (p < n && p - hostStart < MAX_HOST_CHARS && isHostChar(s.charAt(p))) {
            p++;
        }
        if (p == hostStart) {
            return null;
        }
        int hostEnd = p;
        if (p < n && s.charAt(p) == ':') {
            int portStart = p + 1;
            int q = portStart;
            while (q < n && q - portStart < 5 && isDigit(s.charAt(q))) {
                q++;
            }
            if (q == portStart) {
                return null;
            }
            hostEnd = q;
            p = q;
        }
        p = afterSlash(s, p);
        p = p < 0 ? -1 : after(s, p, "api");
        p = p < 0 ? -1 : afterSlash(s, p);
        if (p < 0) {
            return null;
        }
        String origin = (https ? "https://" : "http://") + s.substring(hostStart, hostEnd);
        if (s.startsWith(SUPPORT_PATH, p)) {
            return parseSupportPath(s, p + SUPPORT_PATH.length(), origin);
        }
        if (s.startsWith(REPORT_QUERY, p)) {
            return parseReportQuery(s, p + REPORT_QUERY.length(), origin);
        }
        return null;
    }

    /** {@code .../api/support/<apiKey>/report/<fixCode>}, from just after "support". */
    private static String parseSupportPath(String s, int p, String origin) {
        p = afterSlash(s, p);
        if (p < 0) {
            return null;
        }
        int keyStart = p;
        int keyEnd = wordEnd(s, keyStart, MAX_API_KEY_CHARS);
        if (keyEnd < 0) {
            return null;
        }
        p = afterSlash(s, keyEnd);
        p = p < 0 ? -1 : after(s, p, "report");
        p = p < 0 ? -1 : afterSlash(s, p);
        if (p < 0) {
            return null;
        }
        int codeEnd = wordEnd(s, p, MAX_PARAM_CHARS);
        if (!isFixCode(s, p, codeEnd)) {
            return null;
        }
        return origin + "/api/support/" + s.substring(keyStart, keyEnd) + "/report/" + s.substring(p, codeEnd);
    }

    /** {@code .../api/report?apiKey=<apiKey>&fixCode=<fixCode>}, from just after "report?"; keeps other params. */
    private static String parseReportQuery(String s, int p, String origin) {
        int n = s.length();
        StringBuilder query = new StringBuilder();
        boolean hasKey = false;
        boolean hasCode = false;
        while (true) {
            int nameStart = p;
            while (p < n && p - nameStart < 32 && isWordChar(s.charAt(p))) {
                p++;
            }
            if (p == nameStart || p >= n || s.charAt(p) != '=') {
                break;
            }
            int valueStart = p + 1;
            int valueEnd = valueStart;
            while (valueEnd < n && valueEnd - valueStart < MAX_PARAM_CHARS && isParamValueChar(s.charAt(valueEnd))) {
                valueEnd++;
            }
            String name = s.substring(nameStart, p);
            if (name.equalsIgnoreCase("apiKey")) {
                if (wordEnd(s, valueStart, MAX_API_KEY_CHARS) != valueEnd) {
                    return null;
                }
                hasKey = true;
            } else if (name.equalsIgnoreCase("fixCode")) {
                if (!isFixCode(s, valueStart, valueEnd)) {
                    return null;
                }
                hasCode = true;
            }
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(s, nameStart, valueEnd);
            p = afterParamSeparator(s, valueEnd);
            if (p < 0) {
                break;
            }
        }
        return hasKey && hasCode ? origin + "/api/report?" + query : null;
    }

    /** After {@code &} or its JSON escape (backslashes, u0026), either optionally followed by "amp;"; else -1. */
    private static int afterParamSeparator(String s, int p) {
        int q;
        if (p < s.length() && s.charAt(p) == '&') {
            q = p + 1;
        } else {
            q = after(s, skipBackslashes(s, p), "u0026");
            if (q < 0) {
                return -1;
            }
        }
        int amp = after(s, q, "amp;");
        return amp < 0 ? q : amp;
    }

    /** End of a run of 1..max word characters at {@code p} that is not followed by another word char, or -1. */
    private static int wordEnd(String s, int p, int max) {
        int q = p;
        while (q < s.length() && isWordChar(s.charAt(q))) {
            if (q - p == max) {
                return -1;
            }
            q++;
        }
        return q == p ? -1 : q;
    }

    /** True when {@code s[start, end)} is a fix code: 1 to 32 of {@code [0-9a-z]}. */
    private static boolean isFixCode(String s, int start, int end) {
        if (start < 0 || end <= start || end - start > MAX_FIX_CODE_CHARS) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !isDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHostChar(char c) {
        return (isWordChar(c) && c != '_') || c == '.' || c == '-';
    }

    private static boolean isParamValueChar(char c) {
        return isWordChar(c) || c == '-' || c == '%';
    }

    /** A configured pattern's match as a clean link: no stray backslashes, HTML-escaped "&" or trailing punctuation. */
    private static String cleanMatch(String match) {
        String s = match.replace("\\", "").replace("&amp;", "&");
        int end = s.length();
        while (end > 0 && ".,;:!?)]}'\"".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    private record Hit(int at, String link) {
    }

    /**
     * What configured patterns see: the text with the JSON escaping of {@code /}, {@code "} and {@code &} removed
     * (so a pattern written for a clean URL matches the escaped line), and where each of its characters came from.
     */
    private record Unescaped(String text, int[] origin) {

        static Unescaped of(String s) {
            if (s.indexOf('\\') < 0) {
                return new Unescaped(s, null);
            }
            StringBuilder out = new StringBuilder(s.length());
            int[] origin = new int[s.length()];
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    int q = skipBackslashes(s, i);
                    if (q < s.length() && (s.charAt(q) == '/' || s.charAt(q) == '"')) {
                        i = q - 1; // drop the escaping backslashes, keep the character
                        continue;
                    }
                    if (s.startsWith("u0026", q)) {
                        origin[out.length()] = i;
                        out.append('&');
                        i = q + 4;
                        continue;
                    }
                }
                origin[out.length()] = i;
                out.append(c);
            }
            return new Unescaped(out.toString(), origin);
        }

        int originOf(int index) {
            return origin == null ? index : origin[index];
        }
    }
}
