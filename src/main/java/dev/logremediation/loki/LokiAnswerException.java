package dev.logremediation.loki;

/** Loki (or something at its address) answered 2xx with a body that is not a query_range result. */
public class LokiAnswerException extends RuntimeException {

    public LokiAnswerException(String message) {
        super(message, null, false, false);
    }
}
