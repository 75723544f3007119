package io.crmw.connectors.http;

import io.crmw.connectors.spi.SourceConfig;
import java.net.URI;

/**
 * Implemented by a {@link io.crmw.connectors.spi.Connector} that needs more than a static bearer {@code token}
 * secret (OAuth, vendor retry rules, extra budgets). {@link HttpFactory#forSource} asks it for the profile.
 */
public interface HttpProfileProvider {
    HttpProfile httpProfile(SourceConfig config);

    /** Where relative paths go until the auth names another host; the source's {@code base-url} unless overridden. */
    default URI baseUrl(SourceConfig config) {
        return config.baseUrl();
    }
}
