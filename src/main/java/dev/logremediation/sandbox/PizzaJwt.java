package dev.logremediation.sandbox;

import static dev.logremediation.sandbox.PizzaHttpServer.JSON;
import static dev.logremediation.sandbox.PizzaHttpServer.json;
import static dev.logremediation.sandbox.PizzaHttpServer.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Signs and verifies the factory's pizza tokens: real RS256 JWTs with a key pair made per sandbox. */
final class PizzaJwt {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final KeyPair keys;
    private final String keyId;

    PizzaJwt() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an RSA key pair", e);
        }
        byte[] id = new byte[8];
        ThreadLocalRandom.current().nextBytes(id);
        keyId = HexFormat.of().formatHex(id);
    }

    String sign(JsonNode payload) {
        ObjectNode header = object().put("alg", "RS256").put("typ", "JWT").put("kid", keyId);
        String signingInput = encode(json(header)) + "." + encode(json(payload));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a pizza", e);
        }
    }

    /** The payload of a token this key signed, or null for anything else (forged, altered, {@code dead...}, junk). */
    JsonNode verifiedPayload(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            if (!"RS256".equals(JSON.readTree(BASE64URL_DECODER.decode(parts[0])).path("alg").textValue())) {
                return null;
            }
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(keys.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(BASE64URL_DECODER.decode(parts[2]))) {
                return null;
            }
            return JSON.readTree(BASE64URL_DECODER.decode(parts[1]));
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return null;
        }
    }

    /** {@code {"keys":[{RSA public key}]}}, the body of {@code /.well-known/jwks.json}. */
    ObjectNode jwks() {
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        ObjectNode jwks = object();
        jwks.putArray("keys").addObject().put("kty", "RSA").put("kid", keyId).put("use", "sig").put("alg", "RS256")
                .put("n", unsigned(publicKey.getModulus())).put("e", unsigned(publicKey.getPublicExponent()));
        return jwks;
    }

    /** JWK integers are unsigned big-endian: drop the sign byte Java adds. */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return BASE64URL.encodeToString(bytes);
    }

    private static String encode(String text) {
        return BASE64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
