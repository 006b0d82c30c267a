package dev.logremediation.remediate;

import dev.logremediation.detect.SecretMasker;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a resolution link may be followed: http(s) only, no credentials in the URL, a host on the
 * allowlist (exact names or {@code *.suffix}), no loopback, private, link-local or unspecified address unless that
 * exact host is allow-listed; and, when it is about to be followed, at most {@code maxPerHour} links a host per hour.
 */
public final class LinkPolicy {

    private final List<String> allowedHosts;
    private final int maxPerHour;
    private final FollowBudget budget;

    public LinkPolicy(List<String> allowedHosts, int maxPerHour, FollowBudget budget) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.maxPerHour = maxPerHour;
        this.budget = budget;
    }

    public LinkDecision decide(String link) {
        String masked = SecretMasker.mask(link);
        String refusal = refusal(link);
        return new LinkDecision(link, masked, refusal == null, refusal == null ? "" : refusal);
    }

    private String refusal(String link) {
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            return "not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "scheme " + scheme + " is not http or https";
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            return "the URL carries credentials (user@host)";
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return "no host";
        }
        boolean exact = allowedHosts.contains(host);
        if (!exact && allowedHosts.stream().noneMatch(allowed -> allowed.startsWith("*.")
                && host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1)) {
            return "host " + host + " is not in remediation.allowed-hosts";
        }
        return exact ? null : internalAddress(host);
    }

    /** Counts a link about to be followed against its host's hourly budget; refuses it when the budget is spent. */
    public LinkDecision spend(LinkDecision decision) {
        String host = URI.create(decision.link()).getHost().toLowerCase(Locale.ROOT);
        if (!budget.trySpend(host, maxPerHour)) {
            return new LinkDecision(decision.link(), decision.masked(), false, budgetSpent(host));
        }
        return decision;
    }

    /**
     * Why {@link #decide} or {@link #spend} would refuse the link now, or null when it would be followed; spends
     * nothing, so the FIRING email can tell what remediation is about to do.
     */
    public String whyNotFollowed(String link) {
        String refusal = refusal(link);
        if (refusal != null) {
            return refusal;
        }
        String host = URI.create(link).getHost().toLowerCase(Locale.ROOT);
        return budget.spent(host, maxPerHour) ? budgetSpent(host) : null;
    }

    private String budgetSpent(String host) {
        return "remediation.max-per-hour (" + maxPerHour + ") reached for host " + host;
    }

    /** Names the internal address the host resolves to, or says it does not resolve; null for a public host. */
    private static String internalAddress(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host.replaceAll("^\\[|\\]$", ""))) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress() || isUniqueLocal(address)) {
                    return "host " + host + " resolves to the internal address " + address.getHostAddress()
                            + " (allow-list that exact host to permit it)";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
    }

    /** IPv6 unique local addresses (fc00::/7), which Java does not count as site-local. */
    private static boolean isUniqueLocal(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    }
}
