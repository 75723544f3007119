package io.crmw.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The access tokens a simulated OAuth endpoint issued, each live until its expiry by the simulator's clock. */
public final class AccessTokens {

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

  /** Ends every token now (an admin's "expire all sessions"); clients must get a new one. */
  public void expireAll() {
    live.clear();
  }
}
