package dev.logremediation.verify;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.Timeout;

import java.time.Duration;

/**
 * The verification purchase's own HTTP timeouts (the endpoints' {@code httpClientConfigurer}): any one call may
 * wait up to verification.timeout, longer than the component's defaults, because an order may take 40 s or more.
 */
public final class PurchaseTimeouts implements HttpClientConfigurer {

    private final Timeout timeout;

    public PurchaseTimeouts(Duration timeout) {
        this.timeout = Timeout.ofMilliseconds(timeout.toMillis());
    }

    @Override
    @SuppressWarnings("deprecation") // the connect timeout on RequestConfig still applies, and is what camel-http sets
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(timeout)
                .setConnectTimeout(timeout).setResponseTimeout(timeout).build());
    }
}
