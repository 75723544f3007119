package io.crmw.connectors.hubspot;

import io.crmw.connectors.http.VendorRules;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;
import tools.jackson.databind.JsonNode;

/** HubSpot's retry and throttling rules (crm-apis.md §1.6, §1.7). */
final class HubSpotRules implements VendorRules {

    static final String SEARCH_BUDGET = "search";

    @Override
    public Set<Integer> extraRetryableStatuses() {
        return Set.of(423, 477); // locked; portal migration in progress
    }

    @Override
    public Optional<String> budgetFor(String method, String path) {
        return "POST".equals(method) && path.endsWith("/search") ? Optional.of(SEARCH_BUDGET) : Optional.empty();
    }

    @Override
    public Duration pauseAfter(int status, Headers headers) {
        if ("0".equals(headers.get("X-HubSpot-RateLimit-Remaining"))) {
            return Duration.ofMillis(parseLong(headers.get("X-HubSpot-RateLimit-Interval-Milliseconds"), 10_000));
        }
        if ("0".equals(headers.get("X-HubSpot-RateLimit-Secondly-Remaining"))) {
            return Duration.ofSeconds(1);
        }
        return Duration.ZERO;
    }

    @Override
    public Optional<String> stopReason(int status, Headers headers, JsonNode body) {
        if (status == 429 && "DAILY".equalsIgnoreCase(body.path("policyName").asString(""))) {
            return Optional.of("HubSpot daily API limit reached (" + body.path("message").asString("daily limit")
                    + "). It resets at midnight in the HubSpot account's time zone (within 24 h); the next run after "
                    + "that resumes from the stored cursor.");
        }
        return Optional.empty();
    }

    @Override
    public Optional<Duration> retryDelay(int status, JsonNode body, int retry) {
        if (status != 429) {
            return Optional.empty();
        }
        // HubSpot's own SDK: 1 s × attempt on the secondly (search) limit, 10 s × attempt on the 10-second window
        return switch (body.path("policyName").asString("")) {
            case "SECONDLY" -> Optional.of(Duration.ofSeconds(retry));
            case "TEN_SECONDLY_ROLLING" -> Optional.of(Duration.ofSeconds(10L * retry));
            default -> Optional.empty();
        };
    }

    private static long parseLong(String v, long fallback) {
        try {
            return v == null ? fallback : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
