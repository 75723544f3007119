package io.crmw.connectors.http;

import static io.crmw.connectors.spi.CommonSettings.CALL_TIMEOUT_SECONDS;
import static io.crmw.connectors.spi.CommonSettings.CONNECT_TIMEOUT_SECONDS;
import static io.crmw.connectors.spi.CommonSettings.MAX_ATTEMPTS;
import static io.crmw.connectors.spi.CommonSettings.READ_TIMEOUT_SECONDS;
import static io.crmw.connectors.spi.CommonSettings.RETRY_BASE_MILLIS;
import static io.crmw.connectors.spi.CommonSettings.RETRY_MAX_MILLIS;

import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The one way to get the {@link SourceHttp} of a configured source:
 * {@code SourceHttp http = HttpFactory.forSource(config, connector); connector.streams(config, http)}.
 *
 * <p>Settings (declared in {@link CommonSettings}, range-checked when the config is loaded): {@code max-attempts},
 * {@code retry-base-millis}, {@code retry-max-millis} (also the longest server-requested wait that is obeyed),
 * {@code connect-timeout-seconds}, {@code read-timeout-seconds}, {@code call-timeout-seconds}. The budget is
 * {@code config.rateLimit()} or else the connector's default.
 */
public final class HttpFactory {

    private HttpFactory() {}

    public static SourceHttp forSource(SourceConfig config, Connector connector) {
        return builder(config, connector).build();
    }

    /** The pre-filled builder, for callers (and tests) that swap the sleeper, ticker, clock or delays. */
    public static OkHttpSourceHttp.Builder builder(SourceConfig config, Connector connector) {
        CommonSettings.check(config, connector);
        HttpProfile profile;
        URI baseUrl;
        if (connector instanceof HttpProfileProvider provider) {
            profile = provider.httpProfile(config);
            baseUrl = provider.baseUrl(config);
        } else {
            profile = new HttpProfile(new StaticBearerToken(config.requireSecret("token")), VendorRules.NONE, Map.of());
            baseUrl = config.baseUrl();
        }
        if (baseUrl == null) {
            throw new ConfigException("source '" + config.name() + "': missing 'base-url', e.g. base-url: https://api.example.com");
        }
        Duration maxWait = Duration.ofMillis(number(config, RETRY_MAX_MILLIS));
        RetryPolicy retry = RetryPolicy.defaults()
                .withMaxAttempts((int) number(config, MAX_ATTEMPTS))
                .withDelays(Duration.ofMillis(number(config, RETRY_BASE_MILLIS)), maxWait)
                .withRetryable(profile.rules().extraRetryableStatuses());
        return OkHttpSourceHttp.builder(config.name(), baseUrl.toString(), profile.auth())
                .rules(profile.rules())
                .rateLimit(config.rateLimit().orElse(connector.defaultRateLimit()))
                .extraBudgets(profile.extraBudgets())
                .retry(retry)
                .maxServerWait(maxWait)
                .connectTimeout(Duration.ofSeconds(number(config, CONNECT_TIMEOUT_SECONDS)))
                .readTimeout(Duration.ofSeconds(number(config, READ_TIMEOUT_SECONDS)))
                .callTimeout(Duration.ofSeconds(number(config, CALL_TIMEOUT_SECONDS)))
                .redactor(Redactor.of(config.secrets().values()));
    }

    private static long number(SourceConfig config, Setting setting) {
        return config.wholeNumber(setting.key(), Long.parseLong(setting.defaultValue()));
    }
}
