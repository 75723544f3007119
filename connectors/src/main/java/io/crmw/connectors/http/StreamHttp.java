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

    /** The JSON answer; {@link tools.jackson.databind.node.MissingNode} for a 204 or 304 (no content, not an error). */
    JsonNode get(String pathAndQuery) throws IOException;

    /** {@link #get(String)} with extra request headers (a vendor's {@code If-Modified-Since} filter). */
    default JsonNode get(String pathAndQuery, Map<String, String> headers) throws IOException {
        if (headers.isEmpty()) {
            return get(pathAndQuery);
        }
        throw new UnsupportedOperationException("request headers are not supported by " + getClass().getSimpleName());
    }

    JsonNode post(String path, JsonNode body) throws IOException;

    /** Form-encoded POST (token endpoints). */
    JsonNode postForm(String url, Map<String, String> form) throws IOException;

    /**
     * GET of a non-JSON body (e.g. CSV results) with the response headers, sent with the given {@code Accept};
     * authenticated, rate-limited, retried and counted like {@link #get}.
     */
    default TextResponse getText(String pathAndQuery, String accept) throws IOException {
        throw new UnsupportedOperationException("text responses are not supported by " + getClass().getSimpleName());
    }

    /** Counters since this object was made. */
    CallStats stats();
}
