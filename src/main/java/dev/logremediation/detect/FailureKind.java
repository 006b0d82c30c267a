package dev.logremediation.detect;

/**
 * What a line says went wrong, read from the line itself. The factory's chaos does not always answer 5xx: during
 * {@code throttle} the order succeeds after about 32 s, during {@code badjwt} it succeeds with a pizza token the
 * factory rejects; both lines carry the chaos link. Signatures, subjects and reports name the kind, so "200" never
 * reads like nonsense.
 */
public enum FailureKind {

    /** An HTTP status 500..599: {@code fail} chaos, a database outage, an unreachable factory. */
    SERVER_ERROR("server error (5xx)", ""),
    /** Logged at error level (or worse) without a 5xx status. */
    ERROR_LEVEL("logged at error level", ""),
    /** A success carrying a chaos link with a valid-looking token: the factory's {@code throttle} chaos. */
    SLOW_SUCCESS("slow success with a chaos link (throttle chaos)", " with chaos link (slow)"),
    /** A success carrying a chaos link and a pizza token that is not a JWT: the factory's {@code badjwt} chaos. */
    BAD_TOKEN("success with a pizza token the factory rejects (badjwt chaos)", " with chaos link (bad pizza token)"),
    /** Only the chaos link tells that something is wrong. */
    CHAOS_LINK("chaos link in the line", "");

    private final String description;
    private final String signatureSuffix;

    FailureKind(String description, String signatureSuffix) {
        this.description = description;
        this.signatureSuffix = signatureSuffix;
    }

    /** For people: "slow success with a chaos link (throttle chaos)". */
    public String description() {
        return description;
    }

    /** What the signature ends with, so that it names the kind: " with chaos link (slow)"; empty when the status does. */
    public String signatureSuffix() {
        return signatureSuffix;
    }

    /**
     * The kind of an error line.
     *
     * @param serverError a 5xx status anywhere in the line
     * @param errorLevel  an error level in the labels or the line
     * @param hasLink     a chaos link in the line
     * @param success     a 2xx status, or a pizza token without any status
     * @param token       the line's pizza token ({@code jwt}), or null
     */
    static FailureKind of(boolean serverError, boolean errorLevel, boolean hasLink, boolean success, String token) {
        if (serverError) {
            return SERVER_ERROR;
        }
        if (hasLink && success) {
            return token != null && !looksLikeJwt(token) ? BAD_TOKEN : SLOW_SUCCESS;
        }
        return errorLevel ? ERROR_LEVEL : CHAOS_LINK;
    }

    /**
     * Three non-empty base64url parts whose header is a JSON object ({@code eyJ} is base64 of <code>{"</code>): what
     * the factory signs. The {@code dead...} token of badjwt chaos fails this.
     */
    static boolean looksLikeJwt(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].startsWith("eyJ")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '-' && c != '_' || c > 'z') {
                    return false;
                }
            }
        }
        return true;
    }

    /** The signature without the kind's suffix, e.g. to read the upstream message off it. */
    public static String withoutSuffix(String signature) {
        for (FailureKind kind : values()) {
            if (!kind.signatureSuffix.isEmpty() && signature.endsWith(kind.signatureSuffix)) {
                return signature.substring(0, signature.length() - kind.signatureSuffix.length());
            }
        }
        return signature;
    }
}
