package io.crmw.connectors.http;

import io.crmw.connectors.spi.RateLimit;
import java.util.Map;

/**
 * What a connector contributes to its sources' HTTP client: the auth strategy, the vendor's retry/throttle rules and
 * extra named budgets (on top of the source's general {@link RateLimit}).
 */
public record HttpProfile(Auth auth, VendorRules rules, Map<String, RateLimit> extraBudgets) {
    public HttpProfile {
        extraBudgets = Map.copyOf(extraBudgets);
    }
}
