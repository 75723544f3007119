package io.crmw.sandbox.salesforce;

import io.crmw.sandbox.AccessTokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth 2.0 token endpoint ({@code POST /services/oauth2/token}, form-encoded) for the refresh-token, client
 * credentials and JWT bearer flows, and the sessions it issues. As in Salesforce the response has no
 * {@code expires_in}: a session lives {@code sessionLifetime} from issue (2 h by default), after which calls get
 * 401 INVALID_SESSION_ID. {@code signature} is the Base64 HMAC-SHA256 of {@code id + issued_at} keyed with the client
 * secret. The login and instance hosts are the same simulator.
 */
final class SalesforceAuth {

  static final String ORG_ID = "00D5g000004OrgAAAQ"; // 18 characters, as Salesforce org ids

  private final JsonMapper json;
  private final Clock clock;
  private final String clientId;
  private final String clientSecret;
  private final String username;
  private final String userId;
  private final String refreshToken;
  private final AtomicLong counter = new AtomicLong();
  private final AccessTokens sessions;
  private volatile Duration sessionLifetime = Duration.ofHours(2);
  private volatile String loginUrl = "";

  SalesforceAuth(JsonMapper json, Clock clock, String clientId, String clientSecret, String username, String userId,
                 String refreshToken) {
    this.json = json;
    this.clock = clock;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.username = username;
    this.userId = userId;
    this.refreshToken = refreshToken;
    this.sessions = new AccessTokens(clock);
  }

  /** Generated once per JVM, on first use (RSA key generation is slow on a busy machine). */
  private static final class Keys {
    static final KeyPair PAIR = generate();

    private static KeyPair generate() {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  void loginUrl(String url) {
    this.loginUrl = url;
  }

  KeyPair keyPair() {
    return Keys.PAIR;
  }

  void sessionLifetime(Duration d) {
    this.sessionLifetime = d;
  }

  /** Ends every session now (as an admin's "expire all sessions"); clients must get a new token. */
  void expireAllSessions() {
    sessions.expireAll();
  }

  /** Whether {@code Authorization: Bearer <token>} (or {@code OAuth <token>}) names a live session. */
  boolean valid(String authorization) {
    return sessions.valid(authorization, "Bearer", "OAuth");
  }

  SfResponse token(Map<String, String> form) {
    String grant = form.get("grant_type");
    if (grant == null) {
      return error("unsupported_grant_type", "grant type not supported");
    }
    switch (grant) {
      case "client_credentials": {
        if (!clientId.equals(form.get("client_id"))) {
          return error("invalid_client_id", "client identifier invalid");
        }
        if (!clientSecret.equals(form.get("client_secret"))) {
          return error("invalid_client", "invalid client credentials");
        }
        return issue(false, true);
      }
      case "refresh_token": {
        if (!clientId.equals(form.get("client_id"))) {
          return error("invalid_client_id", "client identifier invalid");
        }
        if (form.containsKey("client_secret") && !clientSecret.equals(form.get("client_secret"))) {
          return error("invalid_client", "invalid client credentials");
        }
        if (!refreshToken.equals(form.get("refresh_token"))) {
          return error("invalid_grant", "expired access/refresh token");
        }
        return issue(false, false);
      }
      case "urn:ietf:params:oauth:grant-type:jwt-bearer":
        return jwt(form.get("assertion"));
      case "password":
      case "authorization_code":
        return error("invalid_grant", "authentication failure");
      default:
        return error("unsupported_grant_type", "grant type not supported");
    }
  }

  private SfResponse jwt(String assertion) {
    if (assertion == null) {
      return error("invalid_grant", "invalid assertion");
    }
    String[] parts = assertion.split("\\.");
    if (parts.length != 3) {
      return error("invalid_grant", "invalid assertion");
    }
    JsonNode header;
    JsonNode claims;
    try {
      Base64.Decoder d = Base64.getUrlDecoder();
      header = json.readTree(new String(d.decode(parts[0]), StandardCharsets.UTF_8));
      claims = json.readTree(new String(d.decode(parts[1]), StandardCharsets.UTF_8));
      if (!"RS256".equals(header.path("alg").asString(""))) {
        return error("invalid_grant", "invalid assertion");
      }
      if (!verify(keyPair().getPublic(), parts[0] + "." + parts[1], d.decode(parts[2]))) {
        return error("invalid_grant", "invalid assertion");
      }
    } catch (RuntimeException e) {
      return error("invalid_grant", "invalid assertion");
    }
    if (!clientId.equals(claims.path("iss").asString(""))) {
      return error("invalid_client_id", "client identifier invalid");
    }
    String aud = claims.path("aud").isArray() ? claims.path("aud").path(0).asString("") : claims.path("aud").asString("");
    if (!strip(aud).equals(strip(loginUrl))) {
      return error("invalid_grant", "audience is invalid");
    }
    if (!username.equals(claims.path("sub").asString(""))) {
      return error("invalid_grant", "user hasn't approved this consumer");
    }
    JsonNode exp = claims.path("exp");
    if (!exp.isNumber() || exp.asLong() <= clock.instant().getEpochSecond()) {
      return error("invalid_grant", "expired authorization code");
    }
    return issue(false, false);
  }

  private static boolean verify(PublicKey key, String signedPart, byte[] signature) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update(signedPart.getBytes(StandardCharsets.US_ASCII));
      return s.verify(signature);
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private SfResponse issue(boolean withRefreshToken, boolean clientCredentials) {
    String token = ORG_ID.substring(0, 15) + "!AQ" + Long.toString(System.nanoTime(), 36)
        + Long.toString(counter.incrementAndGet(), 36) + ".sandbox";
    Instant now = clock.instant();
    sessions.issue(token, sessionLifetime);
    String issuedAt = Long.toString(now.toEpochMilli());
    String id = loginUrl + "/id/" + ORG_ID + "/" + userId;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token);
    if (withRefreshToken) {
      body.put("refresh_token", refreshToken);
    }
    body.put("signature", sign(id + issuedAt));
    body.put("scope", "api");
    body.put("instance_url", loginUrl);
    body.put("id", id);
    body.put("token_type", "Bearer");
    body.put("issued_at", issuedAt);
    if (clientCredentials) {
      body.put("token_format", "opaque");
      body.put("api_instance_url", loginUrl);
    }
    return SfResponse.json(200, json.writeValueAsBytes(body));
  }

  private String sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private SfResponse error(String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return SfResponse.json(400, json.writeValueAsBytes(body));
  }
}
