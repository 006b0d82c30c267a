package dev.logremediation.verify;

/**
 * One call of a verification purchase, as evidence: never a body, header or token.
 *
 * @param method        the HTTP method, e.g. PUT
 * @param path          the path called, e.g. /api/auth
 * @param status        the HTTP status, or 0 when no answer came (refused, reset, timed out)
 * @param latencyMillis from sending the request to the answer (or the failure)
 */
public record PurchaseStep(String method, String path, int status, long latencyMillis) implements java.io.Serializable {
}
