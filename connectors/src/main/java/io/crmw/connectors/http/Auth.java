package io.crmw.connectors.http;

import java.io.IOException;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * How requests of one source are authenticated. Implementations are shared by all streams of the source and
 * must be thread-safe. A token endpoint, when needed, is reached through {@link TokenEndpoint} so that the
 * refresh call is retried, counted and redacted like any other call (but not authenticated itself).
 */
public interface Auth {

    /** Adds credentials to a request about to be sent (e.g. the Authorization header). */
    void apply(Request.Builder request, TokenEndpoint tokens) throws IOException;

    /**
     * Called after a 401. Returns true when the credentials were invalidated and one retry may succeed
     * (e.g. an OAuth access token is dropped so the next {@link #apply} refreshes it).
     */
    default boolean onUnauthorized() {
        return false;
    }

    /** Where the credential comes from, for error messages, e.g. {@code ${HUBSPOT_TOKEN}}; never the value. */
    String credentialHint();

    /** A base URL learned from the auth flow (Salesforce's {@code instance_url}); empty to keep the configured one. */
    default Optional<HttpUrl> baseUrlOverride() {
        return Optional.empty();
    }
}
