package io.crmw.connectors.pipedrive;

import io.crmw.connectors.http.VendorRules;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Headers;
import tools.jackson.databind.JsonNode;

/**
 * Pipedrive's token-based limits: a burst window of 2 s ({@code x-ratelimit-remaining}, {@code x-ratelimit-reset} in
 * seconds) and a daily token budget per company, after which every request answers 429 until the server's midnight.
 * A 429 while the burst window still has room means the daily budget is spent: retrying is pointless, the run stops
 * resumably. 402: the company account is not open (trial expired, subscription ended).
 */
final class PipedriveRules implements VendorRules {

    @Override
    public Duration pauseAfter(int status, Headers headers) {
        if ("0".equals(strip(headers.get("x-ratelimit-remaining")))) {
            return Duration.ofSeconds(Math.max(1, parse(headers.get("x-ratelimit-reset"), 2)));
        }
        return Duration.ZERO;
    }

    @Override
    public Optional<String> stopReason(int status, Headers headers, JsonNode body) {
        if (status == 402) {
            return Optional.of("the Pipedrive company account is not open (402: trial expired or subscription ended); "
                    + "reopen it in Pipedrive's billing settings, the next run resumes from the stored cursor.");
        }
        boolean burstLeft = parse(headers.get("x-ratelimit-remaining"), 0) > 0;
        boolean saysDaily = body.path("error").asString("").toLowerCase(java.util.Locale.ROOT).contains("daily");
        if (status == 429 && (burstLeft || saysDaily)) {
            return Optional.of("Pipedrive's daily API token budget is spent (" + body.path("error").asString("429")
                    + "). It resets at midnight in the Pipedrive server's time zone; the next run after that resumes "
                    + "from the stored cursor. Company Settings → API usage shows the budget.");
        }
        return Optional.empty();
    }

    private static String strip(String v) {
        return v == null ? null : v.strip();
    }

    private static long parse(String v, long fallback) {
        try {
            return v == null ? fallback : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
