package io.crmw.connectors.spi;

import java.time.Duration;

/**
 * A client-side request budget: at most {@code requests} per {@code window}, and at most {@code inFlight} calls at
 * once (0: no cap), for a vendor that limits concurrent calls (Zoho: 10 on the Standard edition).
 */
public record RateLimit(int requests, Duration window, int inFlight) {
    public RateLimit {
        if (requests <= 0 || window.isNegative() || window.isZero() || inFlight < 0) {
            throw new IllegalArgumentException("rate limit needs requests > 0, a positive window and inFlight >= 0");
        }
    }

    public RateLimit(int requests, Duration window) {
        this(requests, window, 0);
    }

    public static RateLimit perSecond(int requests) {
        return new RateLimit(requests, Duration.ofSeconds(1));
    }

    /** A vendor that limits calls in flight, not calls per window. */
    public static RateLimit concurrent(int inFlight) {
        return new RateLimit(Integer.MAX_VALUE, Duration.ofSeconds(1), inFlight);
    }

    /** This budget with {@code cap} calls in flight at most. */
    public RateLimit withInFlight(int cap) {
        return new RateLimit(requests, window, cap);
    }
}
