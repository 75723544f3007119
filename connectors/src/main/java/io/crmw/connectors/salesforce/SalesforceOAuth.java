package io.crmw.connectors.salesforce;

import io.crmw.connectors.http.Auth;
import io.crmw.connectors.http.Loopback;
import io.crmw.connectors.http.RefreshTokenStore;
import io.crmw.connectors.http.RotatedRefreshToken;
import io.crmw.connectors.http.RotatesRefreshToken;
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
 * retries the call once with a fresh one. The response's {@code instance_url} is where every API call goes, so it must
 * be https (http only on loopback). A refresh token Salesforce rotates is saved before the new access token is used.
 */
final class SalesforceOAuth implements Auth, RotatesRefreshToken {

    private final String tokenUrl;
    private final Supplier<Map<String, String>> grant;
    private final String hint;

    private volatile String accessToken;
    private volatile HttpUrl instanceUrl;
    /** Only for the refresh-token grant. */
    private final RotatedRefreshToken refreshToken;

    SalesforceOAuth(String tokenUrl, SalesforceGrant grant) {
        this.tokenUrl = tokenUrl;
        this.refreshToken = grant instanceof SalesforceGrant.RefreshToken rt
                ? new RotatedRefreshToken(rt.refreshToken()) : null;
        this.grant = () -> grant.form(refreshToken == null ? null : refreshToken.current());
        this.hint = grant.hint();
    }

    @Override
    public void keepRefreshTokenIn(RefreshTokenStore store, String source) {
        if (refreshToken != null) {
            refreshToken.keepIn(store, source);
        }
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
        if (refreshToken != null) {
            // Salesforce may have revoked the old refresh token already: keep the new one before anything else can fail
            refreshToken.rotated(response.path("refresh_token").asString(""));
        }
        String instance = response.path("instance_url").asString("");
        HttpUrl parsed = instance.isEmpty() ? null : HttpUrl.parse(instance);
        if (parsed == null) {
            throw new SourceException("Salesforce token endpoint " + tokenUrl + " returned no usable instance_url ('"
                    + instance + "'); every API call goes to it, so the login URL must be a Salesforce (or "
                    + "Salesforce-compatible) OAuth server", false);
        }
        if (!Loopback.secureEnough(parsed.scheme(), parsed.host())) {
            throw new SourceException("Salesforce token endpoint " + tokenUrl + " returned instance_url "
                    + parsed.scheme() + "://" + parsed.host() + " over plain http; refused: every API call carries the "
                    + "access token, so it must go over https (http only on loopback); check 'login-url'", false);
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
