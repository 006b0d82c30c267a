package dev.logremediation.loki;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach Loki and how to read it.
 *
 * @param user         Basic auth user (Grafana Cloud: the numeric Loki user id); blank for Bearer or none
 * @param token        Basic password or Bearer token; blank for no auth
 * @param orgId        X-Scope-OrgID for multi-tenant Loki; blank for none
 * @param pageLimit    entries asked for per page
 * @param maxPageLimit the server's max_entries_limit_per_query: pages never grow past it
 * @param overlap      how late a line may reach Loki and still be read (see {@link LokiPoller#begin})
 * @param recheck      how far behind the cursor every poll reads again, for lines a little late
 * @param lag          how far behind now each poll stops
 * @param maxRange     the longest range one poll reads; a poller behind catches up over several polls
 */
public record LokiSettings(String user, String token, String orgId, int pageLimit, int maxPageLimit,
                           Duration overlap, Duration recheck, Duration lag, Duration maxRange) {

    /** Only how to reach Loki: for a request that is not a poll. */
    public static LokiSettings access(String user, String token, String orgId) {
        return new LokiSettings(user, token, orgId, 1, 1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The Authorization header value, or null when Loki needs none. */
    public String authorization() {
        if (token.isBlank()) {
            return null;
        }
        if (user.isBlank()) {
            return "Bearer " + token;
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** The headers every request to Loki carries: Authorization and X-Scope-OrgID, when set. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization() != null) {
            headers.put("Authorization", authorization());
        }
        if (!orgId.isBlank()) {
            headers.put("X-Scope-OrgID", orgId);
        }
        return headers;
    }
}
