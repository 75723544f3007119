package io.crmw.connectors.http;

import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.SourceConfig;
import java.time.Duration;
import java.util.Map;

/**
 * The one way to get the {@link SourceHttp} of a configured source:
 * {@code SourceHttp http = HttpFactory.forSource(config, connector); connector.streams(config, http)}.
 *
 * <p>Settings read from {@code SourceConfig.settings()} (all optional): {@code connect-timeout-seconds} (10),
 * {@code read-timeout-seconds} (60), {@code max-attempts} (6), {@code retry-base-millis} (500),
 * {@code retry-max-millis} (60000). The budget is {@code config.rateLimit()} or else the connector's default.
 */
public final class HttpFactory {

    private HttpFactory() {}

    public static SourceHttp forSource(SourceConfig config, Connector connector) {
        return builder(config, connector).build();
    }

    /** The pre-filled builder, for callers (and tests) that swap the sleeper, ticker, clock or delays. */
    public static OkHttpSourceHttp.Builder builder(SourceConfig config, Connector connector) {
        HttpProfile profile = connector instanceof HttpProfileProvider provider
                ? provider.httpProfile(config)
                : new HttpProfile(new StaticBearerToken(config.requireSecret("token")), VendorRules.NONE, Map.of());
        RetryPolicy retry = RetryPolicy.defaults()
                .withMaxAttempts((int) number(config, "max-attempts", 6))
                .withDelays(Duration.ofMillis(number(config, "retry-base-millis", 500)),
                        Duration.ofMillis(number(config, "retry-max-millis", 60_000)))
                .withRetryable(profile.rules().extraRetryableStatuses());
        return OkHttpSourceHttp.builder(config.name(), config.baseUrl().toString(), profile.auth())
                .rules(profile.rules())
                .rateLimit(config.rateLimit().orElse(connector.defaultRateLimit()))
                .extraBudgets(profile.extraBudgets())
                .retry(retry)
                .connectTimeout(Duration.ofSeconds(number(config, "connect-timeout-seconds", 10)))
                .readTimeout(Duration.ofSeconds(number(config, "read-timeout-seconds", 60)))
                .redactor(Redactor.of(config.secrets().values()));
    }

    private static long number(SourceConfig config, String key, long fallback) {
        String value = config.settings().get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException("source '" + config.name() + "': '" + key + "' must be a positive whole number, got '"
                    + value + "'");
        }
    }
}
