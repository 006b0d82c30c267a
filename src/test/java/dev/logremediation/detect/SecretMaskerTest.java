package dev.logremediation.detect;

import static dev.logremediation.detect.JsonEscaping.encodedTimes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskerTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String LINK = "https://pizza-factory.cs329.click/api/support/" + KEY + "/report/k3x9q2ab";
    private static final String LINK_2024 = "https://cs329.cs.byu.edu/api/report?apiKey=" + KEY + "&fixCode=abc";

    @Test
    void masksTheApiKeyInALinkButKeepsItsPrefixAndTheRestOfTheLink() {
        assertThat(SecretMasker.mask("follow " + LINK))
                .isEqualTo("follow https://pizza-factory.cs329.click/api/support/0123****/report/k3x9q2ab");
        assertThat(SecretMasker.mask(LINK_2024)).isEqualTo("https://cs329.cs.byu.edu/api/report?apiKey=0123****&fixCode=abc");
    }

    static Stream<String> linesHoldingTheKey() {
        String body = "{\"message\":\"chaos\",\"reportUrl\":\"" + LINK + "\",\"old\":\"" + LINK_2024 + "\"}";
        return IntStream.rangeClosed(1, 3).boxed().flatMap(times -> Stream.of(
                "{\"resBody\":" + encodedTimes(body, times, false, false) + "}",
                "{\"resBody\":" + encodedTimes(body, times, true, true) + "}"));
    }

    @ParameterizedTest
    @MethodSource("linesHoldingTheKey")
    void theKeyNeverSurvivesAnyEscaping(String line) {
        String masked = SecretMasker.mask(line);

        assertThat(masked).doesNotContain(KEY).doesNotContain(KEY.substring(4, 12)).contains("0123****");
        assertThat(masked).contains("k3x9q2ab"); // the fix code is no secret: the link stays recognisable
    }

    @Test
    void masksShortKeysWhole() {
        assertThat(SecretMasker.mask("http://localhost:4000/api/support/abc123/report/x1"))
                .isEqualTo("http://localhost:4000/api/support/****/report/x1");
    }

    @Test
    void masksBearerTokensPasswordsAndLoginTokens() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6M30.c2lnbmF0dXJl";

        assertThat(SecretMasker.mask("authorization: Bearer " + jwt)).isEqualTo("authorization: Bearer eyJh****");
        assertThat(SecretMasker.mask("{\"email\":\"d@jwt.com\",\"password\":\"diner\"}"))
                .isEqualTo("{\"email\":\"d@jwt.com\",\"password\":\"****\"}");
        assertThat(SecretMasker.mask("{\"reqBody\":\"{\\\"password\\\": \\\"s3cr\\\\\\\"et\\\"}\"}"))
                .isEqualTo("{\"reqBody\":\"{\\\"password\\\": \\\"****\\\"}\"}");
        assertThat(SecretMasker.mask("{\"resBody\":\"{\\\"user\\\":{\\\"id\\\":3},\\\"token\\\":\\\"" + jwt + "\\\"}\"}"))
                .isEqualTo("{\"resBody\":\"{\\\"user\\\":{\\\"id\\\":3},\\\"token\\\":\\\"eyJh****\\\"}\"}");
    }

    @Test
    void leavesNonSecretsThatLookSimilarAlone() {
        String text = "{\"tokens\":\"abc\",\"token\":null,\"passwordHint\":\"pet\",\"path\":\"/api/support\",\"b\":\"bearer\"}";

        assertThat(SecretMasker.mask(text)).isSameAs(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "follow " + LINK,
            LINK_2024,
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZCI6M30.c2ln and password=hunter2&x=1",
            "{\"password\":\"diner\",\"token\":\"abcdefghijklmnopqrstuvwxyz\",\"apiKey\":\"" + KEY + "\"}",
            "https:\\/\\/h\\/api\\/support\\/" + KEY + "\\/report\\/k3\\\"",
    })
    void isIdempotent(String text) {
        String once = SecretMasker.mask(text);

        assertThat(once).isNotEqualTo(text);
        assertThat(SecretMasker.mask(once)).isSameAs(once);
    }

    @Test
    void returnsTheSameInstanceWhenNothingIsSecret() {
        String line = "{\"path\":\"/api/order\",\"method\":\"POST\",\"statusCode\":200,\"resBody\":\"{\\\"jwt\\\":\\\"eyJ.x.y\\\"}\"}";

        assertThat(SecretMasker.mask(line)).isSameAs(line);
        assertThat(SecretMasker.mask("")).isEmpty();
        assertThat(SecretMasker.mask(null)).isNull();
    }
}
