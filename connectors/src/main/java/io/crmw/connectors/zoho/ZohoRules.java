package io.crmw.connectors.zoho;

import io.crmw.connectors.http.VendorRules;
import java.util.Locale;
import java.util.Optional;
import okhttp3.Headers;
import tools.jackson.databind.JsonNode;

/**
 * Zoho's errors ({@code {"status":"error","code","message","details"}}) and limits: 429 {@code TOO_MANY_REQUESTS}
 * (concurrency) is retried with backoff by the shared layer; a 429 saying the day's API credits are spent
 * ({@code LIMIT_REACHED}, or a message about credits) stops the run resumably.
 */
final class ZohoRules implements VendorRules {

    @Override
    public Optional<String> stopReason(int status, Headers headers, JsonNode body) {
        String code = body.path("code").asString("");
        String message = body.path("message").asString("");
        if (status == 429 && ("LIMIT_REACHED".equals(code) || message.toLowerCase(Locale.ROOT).contains("credit"))) {
            return Optional.of("Zoho CRM's API credits for the rolling 24 hours are spent (" + code
                    + (message.isBlank() ? "" : ": " + message) + "); the next run resumes from the stored cursor. "
                    + "Setup → Developer Hub → APIs → API credits shows the usage.");
        }
        return Optional.empty();
    }

    @Override
    public String errorMessage(JsonNode body, String rawText) {
        String code = body.path("code").asString("");
        String message = body.path("message").asString("");
        if (!code.isBlank()) {
            return code + (message.isBlank() ? "" : ": " + message);
        }
        return VendorRules.super.errorMessage(body, rawText);
    }
}
