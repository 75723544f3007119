package io.crmw.connectors.salesforce;

import io.crmw.connectors.http.VendorRules;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Salesforce's error and limit rules (crm-apis.md §2.8, §2.9): errors are {@code [{"message","errorCode"}]}; the
 * daily allocation ends with 403 {@code REQUEST_LIMIT_EXCEEDED} (no Retry-After: stop, resume next run); every
 * response carries {@code Sforce-Limit-Info: api-usage=N/M}, remembered here for logs and the run summary.
 */
final class SalesforceRules implements VendorRules {

    private static final Logger log = LoggerFactory.getLogger(SalesforceRules.class);
    private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    /** Daily API usage as last reported by Salesforce; {@code used < 0} until a response carried the header. */
    record ApiUsage(long used, long max) {
        static final ApiUsage UNKNOWN = new ApiUsage(-1, -1);

        @Override
        public String toString() {
            return used < 0 ? "api-usage unknown" : "api-usage=" + used + "/" + max;
        }
    }

    private final String source;
    private volatile ApiUsage usage = ApiUsage.UNKNOWN;
    private volatile long warnedAtPercent;

    SalesforceRules(String source) {
        this.source = source;
    }

    ApiUsage apiUsage() {
        return usage;
    }

    @Override
    public Duration pauseAfter(int status, Headers headers) {
        String info = headers.get("Sforce-Limit-Info");
        if (info != null) {
            Matcher m = API_USAGE.matcher(info);
            if (m.find()) {
                ApiUsage now = new ApiUsage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
                usage = now;
                long percent = now.max() > 0 ? now.used() * 100 / now.max() : 0;
                if (percent >= 80 && percent / 10 > warnedAtPercent / 10) {
                    warnedAtPercent = percent;
                    log.warn("source '{}': Salesforce daily API allocation {}% used ({})", source, percent, now);
                } else {
                    log.debug("source '{}': {}", source, now);
                }
            }
        }
        return Duration.ZERO;
    }

    @Override
    public Optional<String> stopReason(int status, Headers headers, JsonNode body) {
        if (status == 403 && "REQUEST_LIMIT_EXCEEDED".equals(errorCode(body))) {
            return Optional.of("REQUEST_LIMIT_EXCEEDED: the Salesforce org's daily API request allocation is used up ("
                    + usage + "). The allocation is a rolling 24-hour window; the next run resumes from the stored "
                    + "cursor.");
        }
        return Optional.empty();
    }

    @Override
    public String errorMessage(JsonNode body, String rawText) {
        String code = errorCode(body);
        if (code != null) {
            JsonNode first = body.isArray() ? body.get(0) : body;
            String message = first.path("message").asString("");
            return code + (message.isBlank() ? "" : ": " + message);
        }
        String oauthError = body.path("error").asString("");
        if (!oauthError.isBlank()) { // token endpoint: {"error":"invalid_grant","error_description":"..."}
            String description = body.path("error_description").asString("");
            return oauthError + (description.isBlank() ? "" : ": " + description);
        }
        return VendorRules.super.errorMessage(body, rawText);
    }

    /** The {@code errorCode} of a Salesforce error body (array or single object), or null. */
    static String errorCode(JsonNode body) {
        JsonNode first = body.isArray() && !body.isEmpty() ? body.get(0) : body;
        String code = first.path("errorCode").asString("");
        return code.isBlank() ? null : code;
    }
}
