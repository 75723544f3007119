package io.crmw.connectors.http;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;
import tools.jackson.databind.JsonNode;

/**
 * What a vendor's API says about retrying and throttling, declared by its connector and applied by the shared
 * HTTP layer. Every method has a vendor-neutral default.
 */
public interface VendorRules {

    VendorRules NONE = new VendorRules() {};

    /** Statuses retried besides 429 and 500/502/503/504 (HubSpot: 423 locked, 477 portal migration). */
    default Set<Integer> extraRetryableStatuses() {
        return Set.of();
    }

    /** An extra named budget a request also draws on (HubSpot: {@code search} for {@code POST .../search}). */
    default Optional<String> budgetFor(String method, String path) {
        return Optional.empty();
    }

    /** After any response: how long the whole source should hold back before its next call (rate-limit headers). */
    default Duration pauseAfter(int status, Headers headers) {
        return Duration.ZERO;
    }

    /**
     * After any response: the calls the vendor says are left in the source's general budget window (Pipedrive's
     * {@code x-ratelimit-remaining}, Zendesk's {@code X-Rate-Limit-Remaining}), so calls of other integrations on the
     * same budget are counted; empty when the vendor does not say.
     */
    default java.util.OptionalInt budgetRemaining(Headers headers) {
        return java.util.OptionalInt.empty();
    }

    /** A whole, non-negative count in header {@code name} (e.g. a remaining-calls header); empty when absent or not one. */
    static java.util.OptionalInt countHeader(Headers headers, String name) {
        String value = headers.get(name);
        try {
            long n = value == null ? -1 : Long.parseLong(value.strip());
            return n < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of((int) Math.min(Integer.MAX_VALUE, n));
        } catch (NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /**
     * For an error response (429, or a vendor's own limit status such as Salesforce's 403): why retrying within this
     * run is pointless, e.g. a daily budget is spent.
     * Present ⇒ the call stops with a resumable {@link io.crmw.connectors.spi.SourceException} carrying this text.
     */
    default Optional<String> stopReason(int status, Headers headers, JsonNode body) {
        return Optional.empty();
    }

    /**
     * For a retryable response without {@code Retry-After}: the vendor's own advice on how long to wait before retry
     * number {@code retry}; empty ⇒ exponential backoff with jitter.
     */
    default Optional<Duration> retryDelay(int status, JsonNode body, int retry) {
        return Optional.empty();
    }

    /** The human message of an error body ({@code message}, {@code error_description}, {@code error}...). */
    default String errorMessage(JsonNode body, String rawText) {
        for (String field : new String[] {"message", "error_description", "error", "detail", "title"}) {
            JsonNode v = body.path(field);
            if (v.isString() && !v.asString().isBlank()) {
                return v.asString();
            }
        }
        String text = rawText == null ? "" : rawText.strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
