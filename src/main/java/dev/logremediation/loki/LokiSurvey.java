package dev.logremediation.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logremediation.config.Watch;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of the survey-loki route, which asks Loki what it holds for a watch: the newest line of its query
 * ({@code query_range}, backward, limit 1), the label names ({@code /labels}) and the values of the labels its
 * selector names ({@code /label/<name>/values}), all over the last {@link Request#lookback()}, with the polls'
 * credentials and tenant.
 */
public final class LokiSurvey {

    /** Exchange property holding the {@link Survey} in progress. */
    public static final String SURVEY = "lokiSurvey";
    /** Exchange property holding the surveyed time range. */
    private static final String RANGE = "lokiSurveyRange";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Survey what Loki holds for this watch over the last {@code lookback}. */
    public record Request(Watch watch, Duration lookback) {
    }

    private record Range(long fromNanos, long toNanos) {
        String query() {
            return "start=" + fromNanos + "&end=" + toNanos;
        }
    }

    private final LokiSettings settings;
    private final Clock clock;

    public LokiSurvey(LokiSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Starts a survey of the body's {@link Request}. */
    public void begin(Exchange exchange) {
        Request request = exchange.getIn().getBody(Request.class);
        long to = LokiPoller.nanos(clock.instant());
        exchange.setProperty(RANGE, new Range(to - request.lookback().toNanos(), to));
        exchange.setProperty(SURVEY, new Survey(request.watch(), request.lookback()));
    }

    public void newestLineRequest(Exchange exchange) {
        Survey survey = survey(exchange);
        prepare(exchange, "query=" + URLEncoder.encode(survey.watch().query(), StandardCharsets.UTF_8) + "&"
                + range(exchange).query() + "&limit=1&direction=backward");
    }

    public void newestLine(Exchange exchange) {
        survey(exchange).newestLine(QueryRangeAnswer.read(exchange.getIn().getBody(InputStream.class)));
    }

    public void labelsRequest(Exchange exchange) {
        prepare(exchange, range(exchange).query());
    }

    public void labels(Exchange exchange) {
        survey(exchange).labelNames(labelAnswer(exchange));
    }

    /** The request for the values of the selector's label at the loop's index. */
    public void valuesRequest(Exchange exchange) {
        prepare(exchange, range(exchange).query());
        // label names are [a-zA-Z_][a-zA-Z0-9_]*: safe in a path as they are
        exchange.getIn().setHeader(Exchange.HTTP_PATH, labelAtLoopIndex(exchange) + "/values");
    }

    public void values(Exchange exchange) {
        survey(exchange).values(labelAtLoopIndex(exchange), labelAnswer(exchange));
    }

    /** Loki could not be asked: the survey says why, and the email goes out all the same. */
    public void failed(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason;
        if (caught instanceof HttpOperationFailedException http) {
            String body = http.getResponseBody() == null ? "" : http.getResponseBody().strip();
            int newline = body.indexOf('\n');
            reason = "HTTP " + http.getStatusCode() + (body.isEmpty() ? "" : ": "
                    + (newline < 0 ? body : body.substring(0, newline)));
        } else {
            reason = caught == null ? "unknown failure" : caught.getClass().getSimpleName() + ": " + caught.getMessage();
        }
        survey(exchange).failed(reason);
    }

    private static String labelAtLoopIndex(Exchange exchange) {
        return survey(exchange).namesToAsk().get(exchange.getProperty(Exchange.LOOP_INDEX, Integer.class));
    }

    private void prepare(Exchange exchange, String query) {
        Message in = exchange.getIn();
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader(Exchange.HTTP_QUERY, query);
        settings.headers().forEach(in::setHeader);
        in.setBody(null);
    }

    /** {@code {"status":"success","data":[...]}}; Loki leaves {@code data} out when there is nothing. */
    private static List<String> labelAnswer(Exchange exchange) {
        JsonNode answer;
        try {
            answer = JSON.readTree(exchange.getIn().getBody(InputStream.class));
        } catch (IOException e) {
            throw new LokiAnswerException("Loki's label API answered something that is not JSON: " + e.getMessage());
        }
        if (answer == null || !"success".equals(answer.path("status").asText())) {
            throw new LokiAnswerException("Loki's label API answered without status \"success\"");
        }
        List<String> labels = new ArrayList<>();
        answer.path("data").forEach(label -> labels.add(label.asText()));
        return labels;
    }

    private static Survey survey(Exchange exchange) {
        return exchange.getProperty(SURVEY, Survey.class);
    }

    private static Range range(Exchange exchange) {
        return exchange.getProperty(RANGE, Range.class);
    }
}
