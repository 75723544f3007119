package io.crmw.connectors.spi;

import io.crmw.connectors.http.SourceHttp;
import java.util.List;

/**
 * One CRM type. Says where the data is (paths, page fields, auth, field names) and nothing else:
 * paging loops, retries, rate limits, landing and state live once, in shared code.
 */
public interface Connector {

    /** The {@code type} value in a source's config, e.g. {@code hubspot}. */
    String type();

    /** The vendor's documented request budget, used unless the source's config overrides it. */
    RateLimit defaultRateLimit();

    /**
     * How often every stream of this vendor is re-read from scratch so that ids deleted without a trace (hard
     * deletes) become tombstones; {@link java.time.Duration#ZERO} = only on first loads and {@code --full-refresh}.
     * The source setting {@code reconcile-every-days} overrides it.
     */
    default java.time.Duration reconcileEvery() {
        return java.time.Duration.ZERO;
    }

    /**
     * The vendor-specific settings this CRM type accepts (the common ones, such as {@code base-url}, {@code schedule},
     * {@code streams} and the HTTP retry settings, are declared once by the kit). Config keys outside the common and
     * these declarations are refused at load, naming the nearest known key.
     */
    default List<Setting> settings() {
        return List.of();
    }

    /** Every stream this CRM type offers, in its sync order; a source's {@code streams:} must name only these. */
    List<String> streamNames();

    /**
     * Rules across several settings that declarations cannot express (e.g. "a token, or the three OAuth keys");
     * throws {@link ConfigException} naming the key.
     */
    default void validate(SourceConfig config) {}

    /**
     * The source's shared HTTP client: auth strategy (from the source's secrets), the rate budget
     * ({@link SourceConfig#rateLimit()} or {@link #defaultRateLimit()}), retry policy and redaction, all
     * built from the shared layer in {@code io.crmw.connectors.http}. Called once per run.
     */
    SourceHttp http(SourceConfig config);

    /** The streams of one configured source, in dependency-free order; all share {@code http}. */
    List<Stream> streams(SourceConfig config, SourceHttp http);
}
