package io.crmw.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The access tokens a simulated OAuth endpoint issued, each live until its expiry by the simulator's clock. */
public final class AccessTokens {

  /** How an OAuth refresh-token grant ends, for the vendor to word. */
  public enum Grant { GRANTED, INVALID_CLIENT, UNSUPPORTED_GRANT_TYPE, INVALID_GRANT }

  private final Clock clock;
  private final Map<String, Instant> live = new ConcurrentHashMap<>();

  public AccessTokens(Clock clock) {
    this.clock = clock;
  }

  public void issue(String token, Duration lifetime) {
    live.put(token, clock.instant().plus(lifetime));
  }

  /** Whether {@code Authorization: <scheme> <token>}, for one of the schemes (any case), names a live token. */
  public boolean valid(String authorization, String... schemes) {
    for (String scheme : schemes) {
      int n = scheme.length() + 1;
      if (authorization != null && authorization.regionMatches(true, 0, scheme + " ", 0, n)) {
        String token = authorization.substring(n).trim();
        Instant expires = live.get(token);
        if (expires != null && !clock.instant().isBefore(expires)) {
          live.remove(token);
          return false;
        }
        return expires != null;
      }
    }
    return false;
  }

  /**
   * Checks a refresh-token grant (RFC 6749 §6) in a form body: the client by HTTP Basic or by {@code client_id} and
   * {@code client_secret} in the form (§2.3.1), then {@code grant_type=refresh_token}, then the refresh token.
   */
  public static Grant refreshGrant(SimulatedApi.Call call, String clientId, String clientSecret, String refreshToken) {
    Map<String, String> form = SimulatedApi.params(call.bodyText(), false);
    String basic = call.header("Authorization");
    String client = basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)
        ? new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8)
        : form.get("client_id") + ":" + form.get("client_secret");
    if (!client.equals(clientId + ":" + clientSecret)) {
      return Grant.INVALID_CLIENT;
    }
    if (!"refresh_token".equals(form.get("grant_type"))) {
      return Grant.UNSUPPORTED_GRANT_TYPE;
    }
    return refreshToken.equals(form.get("refresh_token")) ? Grant.GRANTED : Grant.INVALID_GRANT;
  }

  /** Ends every token now (an admin's "expire all sessions"); clients must get a new one. */
  public void expireAll() {
    live.clear();
  }
}
