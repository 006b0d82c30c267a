package dev.logremediation.incident;

import dev.logremediation.detect.Fingerprint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolution links in full, by digest, in memory only: the stored incidents keep a digest and the masked link, so
 * the api key inside a link never rests in the state database, while the emails of a running instance still carry
 * the link on-call needs. After a restart, links seen before it are shown masked.
 */
public final class LinkVault {

    private static final int MAX_LINKS = 10_000;

    private final Map<String, String> links = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_LINKS;
        }
    };

    public synchronized String remember(String link) {
        String digest = Fingerprint.of(link);
        links.put(digest, link);
        return digest;
    }

    /** The link with that digest, or {@code fallback} when this instance has not seen it. */
    public synchronized String lookup(String digest, String fallback) {
        return links.getOrDefault(digest, fallback);
    }

}
