package dev.logremediation.incident;

import dev.logremediation.detect.Fingerprint;
import dev.logremediation.state.SealedLinks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resolution links in full, by digest: the stored incidents keep a digest and the masked link, so the api key inside
 * a link never rests in plain text, while the emails and remediation still get the link. Recent links are kept in
 * memory; with {@code state.link-key} set they are also sealed in the state database, so that a restarted instance,
 * or the one that takes over, still has them. Without it, links seen before a restart are shown masked.
 */
public final class LinkVault {

    private static final int MAX_LINKS = 10_000;

    private final Map<String, String> links = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_LINKS;
        }
    };
    private final SealedLinks sealed;

    /** A vault in memory only (a batch over a fixed window, which ends with its process). */
    public LinkVault() {
        this(null);
    }

    /** @param sealed where links outlive the process; null for memory only */
    public LinkVault(SealedLinks sealed) {
        this.sealed = sealed;
    }

    public synchronized String remember(String link) {
        String digest = Fingerprint.of(link);
        if (links.put(digest, link) == null && sealed != null) {
            sealed.store(digest, link);
        }
        return digest;
    }

    /** The link with that digest, or {@code fallback} when neither this instance nor the sealed store has it. */
    public synchronized String lookup(String digest, String fallback) {
        return find(digest).orElse(fallback);
    }

    /** The link with that digest, if this instance saw it or the sealed store opens it. */
    public synchronized Optional<String> find(String digest) {
        String link = links.get(digest);
        if (link == null && sealed != null) {
            link = sealed.open(digest).orElse(null);
            if (link != null) {
                links.put(digest, link);
            }
        }
        return Optional.ofNullable(link);
    }

    /** Whether links survive a restart (state.link-key is set). */
    public boolean keepsLinksAcrossRestarts() {
        return sealed != null && sealed.sealing();
    }
}
