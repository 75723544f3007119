package io.crmw.connectors.zendesk;

import io.crmw.connectors.http.VendorRules;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.Headers;
import tools.jackson.databind.JsonNode;

/** Zendesk's error bodies and limits, Support's and Sell's (their APIs share nothing else). */
final class ZendeskRules {

    static final String EXPORT_BUDGET = "export";

    private ZendeskRules() {}

    /**
     * Support: {@code {"error": <code or {title, message}>, "description": …}}; the incremental exports draw on their
     * own budget; a start time inside the most recent minute (422 {@code StartTimeTooRecent}) means nothing newer is
     * exported yet: the stream stops resumably and the next run goes on from the stored cursor.
     */
    static final VendorRules SUPPORT = new VendorRules() {
        @Override
        public Optional<String> budgetFor(String method, String path) {
            return path.startsWith(ZendeskSupportConnector.INCREMENTAL) ? Optional.of(EXPORT_BUDGET) : Optional.empty();
        }

        /** {@code X-Rate-Limit-Remaining} of the account's per-minute limit, shared with its other integrations. */
        @Override
        public OptionalInt budgetRemaining(Headers headers) {
            return VendorRules.countHeader(headers, "X-Rate-Limit-Remaining");
        }

        @Override
        public Optional<String> stopReason(int status, Headers headers, JsonNode body) {
            if (status == 422 && "StartTimeTooRecent".equals(body.path("error").asString(""))) {
                return Optional.of("Zendesk exports nothing from the most recent minute and refused a start time inside "
                        + "it (StartTimeTooRecent); the next run resumes from the stored cursor");
            }
            return Optional.empty();
        }

        @Override
        public String errorMessage(JsonNode body, String rawText) {
            JsonNode error = body.path("error");
            String code = error.isObject() ? error.path("title").asString("") : error.asString("");
            String text = error.isObject() ? error.path("message").asString("") : body.path("description").asString("");
            return code.isBlank() ? VendorRules.super.errorMessage(body, rawText)
                    : code + (text.isBlank() ? "" : ": " + text);
        }
    };

    /**
     * Sell: {@code {"errors":[{"error":{"code","message",…}}],"meta":{…}}}; a Firehose position older than the 72
     * hours it keeps (410) needs a full read.
     */
    static final VendorRules SELL = new VendorRules() {
        @Override
        public String errorMessage(JsonNode body, String rawText) {
            JsonNode error = body.path("errors").path(0).path("error");
            String code = error.path("code").asString("");
            if (code.isBlank()) {
                return VendorRules.super.errorMessage(body, rawText);
            }
            return code + ": " + error.path("message").asString("") + ("position_expired".equals(code)
                    ? " (the Firehose keeps 72 hours of events; run `crmw sync --source <name> --full-refresh`)" : "");
        }
    };
}
