package io.crmw.connectors.http;

import java.io.IOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * HTTP for one stream of one source: authenticated, rate-limited, retried, counted. Paths are resolved
 * against the source's base URL (absolute URLs, e.g. a vendor's next-page link, are used as they are).
 * Non-retryable failures and exhausted retries throw {@link io.crmw.connectors.spi.SourceException}
 * with a message naming source, stream, status and what to do; secrets are never in it.
 */
public interface StreamHttp {

    JsonNode get(String pathAndQuery) throws IOException;

    JsonNode post(String path, JsonNode body) throws IOException;

    /** Form-encoded POST (token endpoints). */
    JsonNode postForm(String url, Map<String, String> form) throws IOException;

    /** Counters since this object was made. */
    CallStats stats();
}
