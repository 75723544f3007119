package io.crmw.connectors.http;

import java.io.IOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An unauthenticated, retried, redacted form POST to a token endpoint, provided to {@link Auth} by the HTTP layer. */
@FunctionalInterface
public interface TokenEndpoint {
    JsonNode postForm(String url, Map<String, String> form) throws IOException;
}
