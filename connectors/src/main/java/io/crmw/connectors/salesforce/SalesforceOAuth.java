package io.crmw.connectors.salesforce;

import io.crmw.connectors.http.Auth;
import io.crmw.connectors.http.TokenEndpoint;
import io.crmw.connectors.spi.SourceException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * Salesforce OAuth 2.0 (crm-apis.md §2.2) at {@code {login-url}/services/oauth2/token}, for the three grants
 * (client credentials, JWT bearer, refresh token; see {@link SalesforceGrant}). Salesforce sends no
 * {@code expires_in}: a token is kept until a 401 ({@code INVALID_SESSION_ID}) drops it, after which the shared layer
 * retries the call once with a fresh one. The response's {@code instance_url} is where every API call goes.
 */
final class SalesforceOAuth implements Auth {

    private final String tokenUrl;
    private final Supplier<Map<String, String>> grant;
    private final String hint;

    private volatile String accessToken;
    private volatile HttpUrl instanceUrl;
    private volatile String rotatedRefreshToken;

    SalesforceOAuth(String tokenUrl, SalesforceGrant grant) {
        this.tokenUrl = tokenUrl;
        this.grant = () -> grant.form(rotatedRefreshToken);
        this.hint = grant.hint();
    }

    @Override
    public void apply(Request.Builder request, TokenEndpoint tokens) throws IOException {
        String token = accessToken;
        if (token == null) {
            synchronized (this) {
                if (accessToken == null) {
                    fetch(tokens);
                }
                token = accessToken;
            }
        }
        request.header("Authorization", "Bearer " + token);
    }

    private void fetch(TokenEndpoint tokens) throws IOException {
        JsonNode response = tokens.postForm(tokenUrl, grant.get());
        String token = response.path("access_token").asString("");
        if (token.isEmpty()) {
            throw new SourceException("Salesforce token endpoint " + tokenUrl + " returned no access_token; check "
                    + hint, false);
        }
        String instance = response.path("instance_url").asString("");
        HttpUrl parsed = instance.isEmpty() ? null : HttpUrl.parse(instance);
        if (parsed == null) {
            throw new SourceException("Salesforce token endpoint " + tokenUrl + " returned no usable instance_url ('"
                    + instance + "'); every API call goes to it, so the login URL must be a Salesforce (or "
                    + "Salesforce-compatible) OAuth server", false);
        }
        String rotated = response.path("refresh_token").asString("");
        if (!rotated.isEmpty()) {
            rotatedRefreshToken = rotated;
        }
        instanceUrl = parsed;
        accessToken = token;
    }

    @Override
    public synchronized boolean onUnauthorized() {
        accessToken = null;
        return true;
    }

    @Override
    public String credentialHint() {
        return hint;
    }

    @Override
    public Optional<HttpUrl> baseUrlOverride() {
        return Optional.ofNullable(instanceUrl);
    }
}
