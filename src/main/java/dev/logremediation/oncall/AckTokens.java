package dev.logremediation.oncall;

import dev.logremediation.config.InvalidSettingException;
import dev.logremediation.notify.AckInvitation;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The acknowledgement links of emails (oncall.public-url): each carries a token, HMAC-SHA256 under oncall.link-key,
 * bound to the incident's thread and to one recipient, so it acknowledges as that person and cannot be made for
 * another incident or person without the key. It expires with the incident's page (checked by the page, not here):
 * once resolved, acknowledged or ended, it changes nothing.
 */
public final class AckTokens implements AckInvitation {

    static final String PATH = "/oncall/ack";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder FROM_URL = Base64.getUrlDecoder();
    private static final Pattern WEB_ADDRESS = Pattern.compile("(?i)https?://[^/?#\\s@]+(/[^?#\\s]*)?");

    /** What a genuine token names. */
    public record Signed(String threadDigest, String recipient) {
    }

    private final String publicUrl;
    private final byte[] key;
    private final boolean byReply;

    /**
     * @param publicUrl oncall.public-url, empty: no links
     * @param key       oncall.link-key: at least 32 characters (e.g. openssl rand -base64 32)
     * @param byReply   whether replies are read (oncall.imap.host set)
     */
    public AckTokens(String publicUrl, String key, boolean byReply) {
        this.publicUrl = publicUrl == null ? "" : publicUrl.strip().replaceAll("/+$", "");
        this.byReply = byReply;
        if (!this.publicUrl.isEmpty() && !WEB_ADDRESS.matcher(this.publicUrl).matches()) {
            throw new InvalidSettingException("oncall.public-url", this.publicUrl, "an http:// or https:// address"
                    + " people's browsers reach the acknowledgement page at (e.g. https://oncall.example.com), or"
                    + " empty for no links");
        }
        if (!this.publicUrl.isEmpty() && (key == null || key.strip().length() < 32)) {
            throw new InvalidSettingException("oncall.link-key", key == null || key.isBlank() ? "" : "(hidden)",
                    "at least 32 characters when oncall.public-url is set (openssl rand -base64 32; prefer"
                    + " ONCALL_LINK_KEY or oncall.link-key-file): it signs the acknowledgement links");
        }
        this.key = key == null ? new byte[0] : key.strip().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean byReply() {
        return byReply;
    }

    @Override
    public List<AckLink> links(String incidentId, List<String> recipients) {
        if (publicUrl.isEmpty()) {
            return List.of();
        }
        String digest = dev.logremediation.notify.IncidentEmail.threadDigest(incidentId);
        return recipients.stream().map(to -> new AckLink(to, publicUrl + PATH + "?token=" + token(digest, to)))
                .toList();
    }

    /** The token of one recipient of one incident's thread. */
    public String token(String threadDigest, String recipient) {
        String named = threadDigest + "." + URL.encodeToString(recipient.getBytes(StandardCharsets.UTF_8));
        return named + "." + URL.encodeToString(mac(named));
    }

    /** What the token names, when it was signed with this key; empty for anything else. */
    public Optional<Signed> verify(String token) {
        if (token == null || key.length == 0) {
            return Optional.empty();
        }
        int last = token.lastIndexOf('.');
        int first = token.indexOf('.');
        if (first < 1 || last <= first) {
            return Optional.empty();
        }
        try {
            String named = token.substring(0, last);
            byte[] given = FROM_URL.decode(token.substring(last + 1));
            if (!MessageDigest.isEqual(given, mac(named))) {
                return Optional.empty();
            }
            return Optional.of(new Signed(named.substring(0, first), new String(FROM_URL.decode(named.substring(
                    first + 1)), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
