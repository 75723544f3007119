package io.crmw.connectors.pipedrive;

import io.crmw.connectors.http.VendorRules;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.Headers;
import tools.jackson.databind.JsonNode;

/**
 * Pipedrive's token-based limits: a burst window of 2 s ({@code x-ratelimit-remaining}, {@code x-ratelimit-reset} in
 * seconds) and a daily token budget per company, after which every request answers 429 until the server's midnight.
 * A 429 while the burst window still has room means the daily budget is spent: retrying is pointless, the run stops
 * resumably. 402: the company account is not open (trial expired, subscription ended).
 */
final class PipedriveRules implements VendorRules {

    /**
     * {@code x-ratelimit-remaining} of the burst window: taken into the source's budget, so calls of other
     * integrations on the same token are counted (a pause of {@code x-ratelimit-reset} whole seconds whenever it reads
     * 0 would idle most of each window once the budget runs at its limit).
     */
    @Override
    public OptionalInt budgetRemaining(Headers headers) {
        return VendorRules.countHeader(headers, "x-ratelimit-remaining");
    }

    @Override
    public Optional<String> stopReason(int status, Headers headers, JsonNode body) {
        if (status == 402) {
            return Optional.of("the Pipedrive company account is not open (402: trial expired or subscription ended); "
                    + "reopen it in Pipedrive's billing settings, the next run resumes from the stored cursor.");
        }
        boolean burstLeft = VendorRules.countHeader(headers, "x-ratelimit-remaining").orElse(0) > 0;
        boolean saysDaily = body.path("error").asString("").toLowerCase(java.util.Locale.ROOT).contains("daily");
        if (status == 429 && (burstLeft || saysDaily)) {
            return Optional.of("Pipedrive's daily API token budget is spent (" + body.path("error").asString("429")
                    + "). It resets at midnight in the Pipedrive server's time zone; the next run after that resumes "
                    + "from the stored cursor. Company Settings → API usage shows the budget.");
        }
        return Optional.empty();
    }
}
