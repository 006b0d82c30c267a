package dev.logremediation.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The product's logback.xml, as LOG_FORMAT and LOG_LEVEL set it: text or one JSON object a line. */
class LogFormatTest {

    /** Configures a fresh logger context from the product's logback.xml and returns what it wrote to stderr. */
    private static List<String> logWith(String format, String level) throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (format != null) {
                context.putProperty("LOG_FORMAT", format);
            }
            if (level != null) {
                context.putProperty("LOG_LEVEL", level);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            var log = context.getLogger("dev.logremediation.incident.IncidentClosing");
            log.info("Incident {} RESOLVED: {} errors, quiet for {}", "svc/key/1", 6, "PT1M");
            log.debug("Watch {}: read {} lines up to {}", "svc", 6, 1234L);
            context.getLogger("org.apache.camel.Foo").info("not shown: Camel logs WARN and above");
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void textByDefault() throws Exception {
        List<String> lines = logWith(null, null);
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  IncidentClosing - Incident svc/key/1 RESOLVED: 6 errors, "
                        + "quiet for PT1M"));
    }

    @Test
    void jsonWithLogFormatJsonOneObjectALine() throws Exception {
        List<String> lines = logWith("json", "DEBUG");
        assertThat(lines).hasSize(2);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode info = mapper.readTree(lines.get(0));
        assertThat(info.path("level").asText()).isEqualTo("INFO");
        assertThat(info.path("loggerName").asText()).isEqualTo("dev.logremediation.incident.IncidentClosing");
        assertThat(info.path("formattedMessage").asText()).isEqualTo("Incident svc/key/1 RESOLVED: 6 errors, quiet for PT1M");
        assertThat(info.path("timestamp").asLong()).isPositive();
        assertThat(info.has("arguments")).as("raw arguments are not written").isFalse();
        JsonNode debug = mapper.readTree(lines.get(1));
        assertThat(debug.path("level").asText()).isEqualTo("DEBUG");
        assertThat(debug.path("formattedMessage").asText()).isEqualTo("Watch svc: read 6 lines up to 1234");
    }

    @Test
    void anUnknownFormatStillWritesText() throws Exception {
        List<String> lines = logWith("jsno", null);
        assertThat(lines).singleElement().satisfies(line -> assertThat(line).contains("INFO  IncidentClosing - Incident"));
    }
}
