package io.crmw.connectors.http;

import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * OAuth 2.0 refresh-token grant: fetches an access token from {@code tokenUrl} and refreshes it {@code refreshEarly}
 * before {@code expires_in} runs out. One refresh at a time for all streams of the source; a rotated
 * {@code refresh_token} in the response replaces the configured one and is saved ({@link RotatedRefreshToken}) before
 * the new access token is used. A token response's base-URL field ({@code instance_url}; Zoho's {@code api_domain})
 * becomes the {@link #baseUrlOverride()} (https only, except on loopback). The token goes in {@code Authorization} after
 * the vendor's scheme ({@code Bearer}; Zoho's {@code Zoho-oauthtoken}).
 */
public final class OAuthRefreshToken implements Auth, RotatesRefreshToken {

    /** Used when the response has no {@code expires_in} (Salesforce): refresh only after a 401. */
    private static final Duration UNKNOWN_LIFETIME = Duration.ofDays(3650);

    private final String tokenUrl;
    private final String clientId;
    private final Secret clientSecret;
    private final Duration refreshEarly;
    private final Clock clock;
    private final String scheme;
    private final String baseUrlField;

    private final RotatedRefreshToken refreshToken;
    private volatile String accessToken;
    private volatile Instant refreshAt = Instant.MIN;
    private volatile HttpUrl instanceUrl;

    public OAuthRefreshToken(String tokenUrl, String clientId, Secret clientSecret, Secret refreshToken,
                             Duration refreshEarly, Clock clock) {
        this(tokenUrl, clientId, clientSecret, refreshToken, refreshEarly, clock, "Bearer", "instance_url");
    }

    /**
     * @param scheme       what precedes the token in {@code Authorization}, e.g. {@code Bearer}
     * @param baseUrlField the token answer's field naming the API host, e.g. {@code instance_url}; null: keep the
     *                     configured base URL
     */
    public OAuthRefreshToken(String tokenUrl, String clientId, Secret clientSecret, Secret refreshToken,
                             Duration refreshEarly, Clock clock, String scheme, String baseUrlField) {
        this.scheme = scheme;
        this.baseUrlField = baseUrlField;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = new RotatedRefreshToken(refreshToken);
        this.refreshEarly = refreshEarly;
        this.clock = clock;
        this.origin = refreshToken.origin();
    }

    public OAuthRefreshToken(String tokenUrl, String clientId, Secret clientSecret, Secret refreshToken) {
        this(tokenUrl, clientId, clientSecret, refreshToken, Duration.ofSeconds(60), Clock.systemUTC());
    }

    private final String origin;

    @Override
    public void apply(Request.Builder request, TokenEndpoint tokens) throws IOException {
        request.header("Authorization", scheme + " " + currentToken(tokens));
    }

    private String currentToken(TokenEndpoint tokens) throws IOException {
        String token = accessToken;
        if (token != null && clock.instant().isBefore(refreshAt)) {
            return token;
        }
        synchronized (this) {
            if (accessToken == null || !clock.instant().isBefore(refreshAt)) {
                refresh(tokens);
            }
            return accessToken;
        }
    }

    private void refresh(TokenEndpoint tokens) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret.reveal());
        form.put("refresh_token", refreshToken.current());
        JsonNode response = tokens.postForm(tokenUrl, form);
        String token = response.path("access_token").asString("");
        if (token.isEmpty()) {
            throw new SourceException("token endpoint returned no access_token; check the client id, client secret and "
                    + origin, false);
        }
        // the vendor may have revoked the old refresh token already: keep the new one before anything else can fail
        refreshToken.rotated(response.path("refresh_token").asString(""));
        String instance = baseUrlField == null ? "" : response.path(baseUrlField).asString("");
        HttpUrl named = instance.isEmpty() ? null : HttpUrl.parse(instance);
        if (named != null && !Loopback.secureEnough(named.scheme(), named.host())) {
            throw new SourceException("token endpoint " + tokenUrl + " named an API host over plain http (" + baseUrlField + " "
                    + named.scheme() + "://" + named.host() + "); refused: the access token "
                    + "travels only over https (http only on loopback)", false);
        }
        if (named != null) {
            instanceUrl = named;
        }
        long expiresIn = response.path("expires_in").asLong(-1);
        Duration lifetime = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : UNKNOWN_LIFETIME;
        Duration early = lifetime.compareTo(refreshEarly.multipliedBy(2)) > 0 ? refreshEarly : lifetime.dividedBy(2);
        refreshAt = clock.instant().plus(lifetime).minus(early);
        accessToken = token;
    }

    @Override
    public synchronized boolean onUnauthorized() {
        accessToken = null;
        refreshAt = Instant.MIN;
        return true;
    }

    @Override
    public String credentialHint() {
        return origin;
    }

    @Override
    public Optional<HttpUrl> baseUrlOverride() {
        return Optional.ofNullable(instanceUrl);
    }

    /** The refresh token now in use (rotated ones included). Never log it. */
    public Secret currentRefreshToken() {
        return new Secret(origin, refreshToken.current());
    }

    @Override
    public void keepRefreshTokenIn(RefreshTokenStore store, String source) {
        refreshToken.keepIn(store, source);
    }
}
