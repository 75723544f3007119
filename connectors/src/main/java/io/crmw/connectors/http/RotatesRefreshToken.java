package io.crmw.connectors.http;

/** An {@link Auth} whose vendor may rotate its refresh token; the run tells it where to keep the new one. */
public interface RotatesRefreshToken {

    /** Called once when the source is opened, before the first token request. */
    void keepRefreshTokenIn(RefreshTokenStore store, String source);
}
