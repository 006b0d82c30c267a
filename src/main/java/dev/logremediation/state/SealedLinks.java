package dev.logremediation.state;

import dev.logremediation.config.InvalidSettingException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Full resolution links at rest, sealed with AES-GCM under the key of {@code state.link-key}: a link holds the shop's
 * api key, so it is never stored in plain text, yet a restarted instance (or the one that takes over) can still follow
 * the links of the incidents it continues. Without a key nothing is stored and those links stay masked. Each row is
 * bound to its digest (GCM's additional data), so a sealed link cannot be moved to another row.
 */
public final class SealedLinks {

    /** The setting that holds the key, for messages. */
    public static final String KEY_SETTING = "state.link-key";
    private static final String KEY_CHECK = "link-key-check";
    private static final byte[] KEY_CHECK_TEXT = "log-remediation link key".getBytes(StandardCharsets.UTF_8);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final JdbcTemplate sql;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private SealedLinks(JdbcTemplate sql, SecretKey key) {
        this.sql = sql;
        this.key = key;
    }

    static String createTable(String blob) {
        return "CREATE TABLE IF NOT EXISTS links (digest VARCHAR(64) NOT NULL PRIMARY KEY, sealed " + blob
                + " NOT NULL, stored_at BIGINT NOT NULL)";
    }

    /**
     * @param base64Key the key (16, 24 or 32 bytes, base64), or blank for none
     * @throws InvalidSettingException when the key is malformed, or is not the key the stored links were sealed with
     */
    static SealedLinks open(DataSource dataSource, String base64Key) {
        JdbcTemplate sql = new JdbcTemplate(dataSource);
        if (base64Key == null || base64Key.isBlank()) {
            return new SealedLinks(sql, null);
        }
        SealedLinks links = new SealedLinks(sql, parseKey(base64Key.trim()));
        List<byte[]> check = sql.queryForList("SELECT sealed FROM links WHERE digest = ?", byte[].class, KEY_CHECK);
        if (check.isEmpty()) {
            links.insert(KEY_CHECK, KEY_CHECK_TEXT);
        } else if (links.unseal(KEY_CHECK, check.get(0)).isEmpty()) {
            throw new InvalidSettingException(KEY_SETTING, "(hidden)", "the key the links in the state database were"
                    + " sealed with (every instance of a cluster needs the same key)");
        }
        return links;
    }

    private static SecretKey parseKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new InvalidSettingException(KEY_SETTING, "(hidden)",
                    "an AES key of 16, 24 or 32 bytes in base64, e.g. from: openssl rand -base64 32");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Whether links can be kept across a restart (a key is set). */
    public boolean sealing() {
        return key != null;
    }

    /** Keeps the link sealed under its digest; nothing without a key. */
    public void store(String digest, String link) {
        if (key != null) {
            insert(digest, link.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The link stored under the digest, if a key opens it. */
    public Optional<String> open(String digest) {
        if (key == null) {
            return Optional.empty();
        }
        List<byte[]> rows = sql.queryForList("SELECT sealed FROM links WHERE digest = ?", byte[].class, digest);
        return rows.isEmpty() ? Optional.empty()
                : unseal(digest, rows.get(0)).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    private void insert(String digest, byte[] plain) {
        try {
            sql.update("INSERT INTO links (digest, sealed, stored_at) VALUES (?, ?, ?)", digest, seal(digest, plain),
                    System.currentTimeMillis());
        } catch (DuplicateKeyException storedBefore) {
            // the same link again: its first sealing stands
        }
    }

    /**
     * Seals bytes with the key (AES-GCM, a fresh IV), bound to {@code context}: what else holds a link at rest (an
     * email waiting in the outbox) is sealed the same way. Only with a key: see {@link #sealing()}.
     */
    public byte[] seal(String context, byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal with AES-GCM: " + e.getMessage(), e);
        }
    }

    /** The bytes {@link #seal} sealed with this key for this context; empty for another key or damaged bytes. */
    public Optional<byte[]> unseal(String context, byte[] stored) {
        if (key == null) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return Optional.of(cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES));
        } catch (GeneralSecurityException | IllegalArgumentException wrongKeyOrDamaged) {
            return Optional.empty();
        }
    }
}
