package dev.logremediation.detect;

import static dev.logremediation.detect.JsonEscaping.encodedTimes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResolutionLinkExtractorTest {

    private static final String KEY = "4a253a1c77e14bd3b0e8dcfcc594d434";
    private static final String TODAY = "https://pizza-factory.cs329.click/api/support/" + KEY + "/report/926cije5";
    private static final String ERA_2024 = "https://cs329.cs.byu.edu/api/report?apiKey=" + KEY
            + "&fixCode=0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String PLAIN_HTTP_WITH_PORT = "http://localhost:4000/api/support/" + KEY + "/report/k3x9q2ab";
    private static final String LOCAL_FACTORY = "https://127.0.0.1/api/support/" + KEY + "/report/k3x9q2ab";
    private static final String WORD_CHAR_KEY = "http://pizza-factory.cs329.click:4000/api/support/my_Operator_Key_7/report/abc";

    private final ResolutionLinkExtractor extractor = ResolutionLinkExtractor.defaults();

    static Stream<Arguments> linksEscapedOneToThreeTimes() {
        List<Arguments> cases = new ArrayList<>();
        for (String link : List.of(TODAY, ERA_2024, PLAIN_HTTP_WITH_PORT, LOCAL_FACTORY, WORD_CHAR_KEY)) {
            for (int times = 1; times <= 3; times++) {
                cases.add(Arguments.of(link, times, false, false));
                cases.add(Arguments.of(link, times, true, true)); // \/ and \u0026 forms
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} encoded {1}x, slashes/ampersands escaped: {2}")
    @MethodSource("linksEscapedOneToThreeTimes")
    void findsLinkInsideJsonEscapedOneToThreeTimes(String link, int times, boolean slashes, boolean ampersands) {
        String body = "{\"message\":\"Failed to fulfill order at factory\",\"followLinkToEndChaos\":\"" + link + "\"}";
        String line = "{\"statusCode\":500,\"resBody\":" + encodedTimes(body, times, slashes, ampersands) + "}";

        assertThat(extractor.extract(line)).containsExactly(link);
    }

    @ParameterizedTest
    @ValueSource(strings = {TODAY, ERA_2024, PLAIN_HTTP_WITH_PORT, LOCAL_FACTORY, WORD_CHAR_KEY})
    void findsEachKnownShapeInPlainText(String link) {
        assertThat(extractor.extract("chaos! follow " + link + " to end it")).containsExactly(link);
    }

    @Test
    void acceptsReportParametersInAnyOrderAndWithHtmlEscapedAmpersands() {
        String reversed = "https://cs329.cs.byu.edu/api/report?fixCode=abc123&apiKey=" + KEY;

        assertThat(extractor.extract("x " + reversed + " y")).containsExactly(reversed);
        assertThat(extractor.extract("<a href=\"https://cs329.cs.byu.edu/api/report?apiKey=" + KEY
                + "&amp;fixCode=abc123\">fix</a>"))
                .containsExactly("https://cs329.cs.byu.edu/api/report?apiKey=" + KEY + "&fixCode=abc123");
        assertThat(extractor.extract("https:\\/\\/cs329.cs.byu.edu\\/api\\/report?apiKey=" + KEY
                + "\\\\u0026fixCode=abc123\\\\\\\""))
                .containsExactly("https://cs329.cs.byu.edu/api/report?apiKey=" + KEY + "&fixCode=abc123");
    }

    @Test
    void keepsNoTrailingQuotesBackslashesOrPunctuation() {
        assertThat(extractor.extract("see " + TODAY + ".")).containsExactly(TODAY);
        assertThat(extractor.extract("(" + TODAY + "), then")).containsExactly(TODAY);
        assertThat(extractor.extract("\\\"" + TODAY + "\\\"}")).containsExactly(TODAY);
        assertThat(extractor.extract("'" + TODAY + "'\\n    at next line")).containsExactly(TODAY);
        assertThat(extractor.extract(ERA_2024 + "\\\",")).containsExactly(ERA_2024);
    }

    @Test
    void returnsDistinctLinksInOrderOfAppearance() {
        String other = "https://pizza-factory.cs329.click/api/support/" + KEY + "/report/zz99";
        String text = other + " " + TODAY + " " + encodedTimes(other, 2, true, false) + " " + TODAY;

        assertThat(extractor.extract(text)).containsExactly(other, TODAY);
    }

    @Test
    void returnsAtMostTenLinks() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            text.append("https://pizza-factory.cs329.click/api/support/").append(KEY).append("/report/c").append(i).append(' ');
        }

        List<String> links = extractor.extract(text.toString());

        assertThat(links).hasSize(ResolutionLinkExtractor.MAX_LINKS);
        assertThat(links.get(0)).endsWith("/report/c0");
        assertThat(links.get(9)).endsWith("/report/c9");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "no links here",
            "https://pizza-factory.cs329.click/api/order",
            "https://pizza-factory.cs329.click/api/support/" + KEY + "/report/",
            "https://pizza-factory.cs329.click/api/support/" + KEY + "/report/K3X9Q2AB",
            "https://pizza-factory.cs329.click/api/support/" + KEY + "/report/0123456789abcdef0123456789abcdef0",
            "https://pizza-factory.cs329.click/api/support//report/k3x9q2ab",
            "https://cs329.cs.byu.edu/api/report?apiKey=" + KEY,
            "https://cs329.cs.byu.edu/api/report?fixCode=abc",
            "ftp://pizza-factory.cs329.click/api/support/" + KEY + "/report/k3x9q2ab",
            "http:/pizza-factory.cs329.click/api/support/" + KEY + "/report/k3x9q2ab",
            "https://pizza-factory.cs329.click/api/order/verify?jwt=abc",
            "http http: https:// https://:4000/api/support/k/report/c",
    })
    void ignoresTextThatIsNotAResolutionLink(String text) {
        assertThat(extractor.extract(text)).isEmpty();
    }

    @Test
    void nullGivesNoLinks() {
        assertThat(extractor.extract(null)).isEmpty();
    }

    @Test
    void extraPatternMatchIsALinkWholeOrByNamedGroup() {
        ResolutionLinkExtractor configured = new ResolutionLinkExtractor(List.of(
                Pattern.compile("https://status\\.example\\.com/resolve/\\w+"),
                Pattern.compile("fix at <(?<link>[^>]+)>")));

        String text = "{\"resBody\":\"{\\\"fix\\\":\\\"https:\\/\\/status.example.com\\/resolve\\/abc123\\\"}\"} "
                + TODAY + " fix at <https://ops.example.com/end?id=7>";

        assertThat(configured.extract(text)).containsExactly(
                "https://status.example.com/resolve/abc123", TODAY, "https://ops.example.com/end?id=7");
        assertThat(extractor.extract(text)).containsExactly(TODAY);
    }

    @Test
    void extraPatternMatchingABuiltInLinkDoesNotDuplicateIt() {
        ResolutionLinkExtractor configured = new ResolutionLinkExtractor(
                List.of(Pattern.compile("https://pizza-factory[^\\s\"\\\\]+")));

        assertThat(configured.extract("link: " + TODAY + "\"")).containsExactly(TODAY);
    }

    @Test
    void findsTheLinkAfterAMegabyteOfLookalikes() {
        String text = "http://x/api/support/k/report/ ".repeat(35_000) + " " + TODAY;

        assertThat(text.length()).isGreaterThan(1_000_000);
        assertThat(extractor.extract(text)).containsExactly(TODAY);
    }
}
