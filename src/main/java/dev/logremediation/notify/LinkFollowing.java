package dev.logremediation.notify;

/**
 * Whether the product itself will follow a resolution link, so that the FIRING email tells on-call the truth. Asked
 * before remediation runs, it must not use up any of remediation's budget.
 */
@FunctionalInterface
public interface LinkFollowing {

    /** Null when remediation follows the link now; otherwise why it will not, e.g. the host is not allow-listed. */
    String whyNotFollowed(String link);
}
