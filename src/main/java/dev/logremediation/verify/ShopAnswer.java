package dev.logremediation.verify;

import dev.logremediation.text.Text;
import dev.logremediation.detect.SecretMasker;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One answer of the shop or the factory: the status, the raw text (where chaos links are looked for) and the text
 * parsed leniently (a missing node when it is not JSON). May hold tokens, so it is never logged or kept.
 */
record ShopAnswer(int status, String text, JsonNode json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ShopAnswer of(Integer status, String text) {
        String body = text == null ? "" : text;
        JsonNode json;
        try {
            json = body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            json = MissingNode.getInstance();
        }
        return new ShopAnswer(status == null ? 0 : status, body, json == null ? MissingNode.getInstance() : json);
    }

    /** The answer's {@code message} on one line, secrets masked; empty when it has none. */
    String message() {
        JsonNode message = json.path("message");
        return message.isTextual() ? Text.oneLine(SecretMasker.mask(message.textValue()), PurchaseVerdict.MAX_DETAIL) : "";
    }

    /** For example {@code 500 "connect ECONNREFUSED 127.0.0.1:3306"}, or just the status. */
    String summary() {
        String message = message();
        return message.isEmpty() ? Integer.toString(status) : status + " \"" + message + "\"";
    }

    @Override
    public String toString() {
        return "ShopAnswer[status=" + status + "]";
    }
}
