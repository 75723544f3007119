package io.crmw.connectors.http;

import io.crmw.connectors.spi.SourceConfig;

/**
 * Implemented by a {@link io.crmw.connectors.spi.Connector} that needs more than a static bearer {@code token}
 * secret (OAuth, vendor retry rules, extra budgets). {@link HttpFactory#forSource} asks it for the profile.
 */
public interface HttpProfileProvider {
    HttpProfile httpProfile(SourceConfig config);
}
