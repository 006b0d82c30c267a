package dev.logremediation.detect;

/** Test helper: encodes text as a JSON string the way operators' loggers do, optionally HTML-safe and slash-escaped. */
public final class JsonEscaping {

    private JsonEscaping() {
    }

    /** {@code text} as a quoted JSON string; escapes {@code /} as {@code \/} and {@code &} as {@code \\u0026} if asked. */
    public static String jsonString(String text, boolean escapeSlashes, boolean escapeAmpersands) {
        StringBuilder out = new StringBuilder(text.length() + 16).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '/' -> out.append(escapeSlashes ? "\\/" : "/");
                case '&' -> out.append(escapeAmpersands ? "\\u0026" : "&");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** {@code json} encoded as a JSON string {@code times} times over (each time it becomes a string in JSON). */
    public static String encodedTimes(String json, int times, boolean escapeSlashes, boolean escapeAmpersands) {
        String s = json;
        for (int i = 0; i < times; i++) {
            s = jsonString(s, escapeSlashes, escapeAmpersands);
        }
        return s;
    }
}
