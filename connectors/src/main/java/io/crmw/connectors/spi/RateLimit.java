package io.crmw.connectors.spi;

import java.time.Duration;

/** A client-side request budget: at most {@code requests} per {@code window}. */
public record RateLimit(int requests, Duration window) {
    public RateLimit {
        if (requests <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("rate limit needs requests > 0 and a positive window");
        }
    }

    public static RateLimit perSecond(int requests) {
        return new RateLimit(requests, Duration.ofSeconds(1));
    }
}
