package io.crmw.sandbox.salesforce;

import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.NewDeal;
import io.crmw.sandbox.business.Owner;
import io.crmw.sandbox.business.Pipeline;
import io.crmw.sandbox.business.Stage;
import io.crmw.sandbox.faults.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Salesforce's documented REST API for the Salesforce part of a split {@link Business}, served by WireMock on its own
 * loopback port. The login host and the instance are the same server: {@link #loginUrl()} equals
 * {@link #instanceUrl()}, and token responses carry it as {@code instance_url}. Endpoints:
 * <ul>
 *   <li>{@code POST /services/oauth2/token}: refresh_token, client_credentials, JWT bearer (RS256, verified against
 *       the public half of {@link #privateKeyPem()}; {@code iss} client id, {@code sub} {@link #username()},
 *       {@code aud} {@link #loginUrl()}, {@code exp} in the future)</li>
 *   <li>{@code GET /services/data/} (versions 55.0–66.0), {@code /vXX.X/}, {@code /limits}, {@code /sobjects},
 *       {@code /sobjects/{Object}/describe}, {@code /sobjects/{Object}/{Id}}</li>
 *   <li>{@code GET /vXX.X/query?q=}, {@code /queryAll?q=}, {@code /query/{locator}-{offset}} (see {@link Soql})</li>
 *   <li>Bulk API 2.0: {@code POST /vXX.X/jobs/query}, {@code GET|DELETE /jobs/query/{id}},
 *       {@code GET /jobs/query/{id}/results?maxRecords=&locator=}</li>
 * </ul>
 * Every data call counts against the daily allocation ({@code Sforce-Limit-Info}); over it, 403
 * REQUEST_LIMIT_EXCEEDED. Faults come from the same {@link FaultPlan} as HubSpot's; an injected rate limit, short
 * or long, is Salesforce's 403 REQUEST_LIMIT_EXCEEDED (Salesforce has no 429 and no Retry-After), server errors are
 * 500 UNKNOWN_EXCEPTION / 503 SERVER_UNAVAILABLE.
 */
public final class SalesforceSimulator extends SimulatedApi {

  public static final String DEFAULT_CLIENT_ID = "3MVG9sandboxCrmwConsumerKey";
  public static final String DEFAULT_CLIENT_SECRET = "sandbox-salesforce-secret";
  public static final String DEFAULT_REFRESH_TOKEN = "5Aep861sandboxRefreshToken";
  public static final int DEFAULT_DAILY_LIMIT = 100_000;

  /** Settings of the simulated org; port 0 for a free port. */
  public record Settings(String clientId, String clientSecret, String refreshToken, int dailyLimit, int port) {
    public static Settings defaults() {
      return new Settings(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN, DEFAULT_DAILY_LIMIT, 0);
    }
  }

  private final Business business;
  private final Settings settings;
  private final DerivedViews<String> views;
  private final SalesforceAuth auth;
  private final SalesforceApi api;
  private final String username;

  private SalesforceSimulator(Business business, Settings settings, FaultPlan plan, Clock clock) {
    super(plan);
    this.business = business;
    this.settings = settings;
    Owner runAs = business.owners().stream().filter(o -> !o.archived()).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the business has no active user to run the API as"));
    this.username = runAs.email();
    this.auth = new SalesforceAuth(SalesforceApi.JSON, clock, settings.clientId(), settings.clientSecret(), username,
        SfData.userId(runAs.id()), settings.refreshToken());
    this.views = new DerivedViews<>(business);
    SfData data = new SfData(business, views);
    this.api = new SalesforceApi(data, auth, clock, settings.dailyLimit(), SfData.userId(runAs.id()));
    serve(settings.port(), "salesforce-router");
    auth.loginUrl(baseUrl());
  }

  public static SalesforceSimulator start(Business business, Settings settings, FaultPlan faults) {
    return start(business, settings, faults, Clock.systemUTC());
  }

  public static SalesforceSimulator start(Business business, Settings settings, FaultPlan faults, Clock clock) {
    return new SalesforceSimulator(business, settings, faults, clock);
  }

  // ---- connection settings ----

  @Override
  public Map<String, String> connectionSettings() {
    return settings("login-url", loginUrl(), "client-id", clientId(), "client-secret", clientSecret());
  }

  /** The refresh-token flow's token and the JWT bearer flow's user (its key: {@link #writePrivateKey}). */
  @Override
  public Map<String, String> otherAuthSettings() {
    return settings("refresh-token", refreshToken(), "username", username());
  }

  /** The login URL (token endpoint host) to configure instead of {@code https://login.salesforce.com}. */
  public String loginUrl() {
    return baseUrl();
  }

  /** The {@code instance_url} every token response carries (the same server as the login URL). */
  public String instanceUrl() {
    return baseUrl();
  }

  public String clientId() {
    return settings.clientId();
  }

  public String clientSecret() {
    return settings.clientSecret();
  }

  /** The pre-authorised API user ({@code sub} of a JWT bearer assertion): the business's first active owner. */
  public String username() {
    return username;
  }

  /** A refresh token the connected app already holds (as if a user had approved it once). */
  public String refreshToken() {
    return settings.refreshToken();
  }

  /** The PKCS#8 PEM of the connected app's private key (generated in memory at start) for the JWT bearer flow. */
  public String privateKeyPem() {
    return pem("PRIVATE KEY", auth.keyPair().getPrivate().getEncoded());
  }

  /** The X.509 PEM of the public key the simulator verifies JWT assertions with. */
  public String publicKeyPem() {
    return pem("PUBLIC KEY", auth.keyPair().getPublic().getEncoded());
  }

  public PrivateKey privateKey() {
    return auth.keyPair().getPrivate();
  }

  public PublicKey publicKey() {
    return auth.keyPair().getPublic();
  }

  /** Writes {@link #privateKeyPem()} to {@code file} (for the connector's {@code private-key-file}); returns it. */
  public Path writePrivateKey(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, privateKeyPem(), StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the private key to " + file, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  // ---- sessions and limits ----

  /** How long an issued access token stays valid (Salesforce: the session timeout, 2 h by default). */
  public void sessionLifetime(Duration lifetime) {
    auth.sessionLifetime(lifetime);
  }

  /** Invalidates every issued access token at once (the next call gets 401 INVALID_SESSION_ID). */
  public void expireAllSessions() {
    auth.expireAllSessions();
  }

  /** The daily API request allocation; 0 disables it. Usage so far is kept. */
  public void dailyLimit(int limit) {
    api.dailyLimit(limit);
  }

  public int dailyLimit() {
    return api.dailyLimit();
  }

  /** API requests counted against the allocation so far. */
  public long apiUsage() {
    return api.apiUsage();
  }

  /** Starts a new 24-hour window: usage back to 0. */
  public void resetApiUsage() {
    api.resetApiUsage();
  }

  // ---- mutations (as Salesforce users would make them; each bumps SystemModstamp to now) ----

  /** The Salesforce id of a business record: {@code idOf("Opportunity", deal.id())}. */
  public static String idOf(String object, String businessId) {
    SfSchema.SfObject o = SfSchema.object(object);
    if (o == null) {
      throw new IllegalArgumentException("unknown sObject " + object);
    }
    return SfIds.id(o.keyPrefix(), businessId);
  }

  /** The business id behind a Salesforce Opportunity, Account or Contact id. */
  public static String businessIdOf(String salesforceId) {
    return Long.toString(SfIds.number(salesforceId));
  }

  /** Deletes to the recycle bin: {@code IsDeleted = true}, visible only through queryAll (Opportunity, Account, Contact). */
  public void delete(String salesforceId) {
    String id = SfIds.to18(salesforceId);
    String businessId = businessIdOf(id);
    switch (SfIds.prefix(id)) {
      case "006" -> business.archiveDeal(businessId);
      case "001" -> business.archiveCompany(businessId);
      case "003" -> business.archiveContact(businessId);
      default -> throw new IllegalArgumentException("the simulator deletes Opportunity, Account and Contact, not " + id);
    }
  }

  /** Same as {@link #delete}: Salesforce's "archive" of a record is its move to the recycle bin. */
  public void archive(String salesforceId) {
    delete(salesforceId);
  }

  /**
   * Deletes for good (recycle bin emptied): gone from query and queryAll. Any row can be hard-deleted; an Opportunity,
   * Account or Contact is also deleted in the business (so the oracle no longer counts it), and an Opportunity takes
   * its line items and history along.
   */
  public void hardDelete(String salesforceId) {
    String id = SfIds.to18(salesforceId);
    String businessId = businessIdOf(id);
    switch (SfIds.prefix(id)) {
      case "006" -> business.deal(businessId).filter(d -> !d.archived()).ifPresent(d -> business.archiveDeal(businessId));
      case "001" -> business.company(businessId).filter(c -> !c.archived())
          .ifPresent(c -> business.archiveCompany(businessId));
      case "003" -> business.contact(businessId).filter(c -> !c.archived())
          .ifPresent(c -> business.archiveContact(businessId));
      default -> {
      }
    }
    views.purge(id);
  }

  public void changeOpportunityAmount(String opportunityId, BigDecimal amount) {
    business.changeDealAmount(businessIdOf(SfIds.to18(opportunityId)), amount);
  }

  /** Moves an opportunity to the stage with this label (e.g. "Closed Won") in its sales process. */
  public void moveOpportunityToStage(String opportunityId, String stageName) {
    String dealId = businessIdOf(SfIds.to18(opportunityId));
    Deal d = business.deal(dealId).orElseThrow(() -> new IllegalArgumentException("no opportunity " + opportunityId));
    Pipeline p = business.pipeline(d.pipelineId()).orElseThrow();
    Stage s = p.stages().stream().filter(x -> x.label().equalsIgnoreCase(stageName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no stage '" + stageName + "' in " + p.label()));
    business.moveDealToStage(dealId, s.id());
  }

  /** Creates an enterprise opportunity (first stage "Discovery") on an account; returns its Salesforce id. */
  public String addOpportunity(String accountId, String name, BigDecimal amount, String currency, LocalDate closeDate) {
    String companyId = businessIdOf(SfIds.to18(accountId));
    Pipeline enterprise = business.pipeline(BusinessGenerator.ENTERPRISE_PIPELINE).orElseThrow();
    Owner owner = business.owners().stream().filter(o -> !o.archived()).findFirst().orElseThrow();
    Deal d = business.addDeal(new NewDeal(name, amount, currency, enterprise.id(), enterprise.stages().get(0).id(),
        closeDate, owner.id(), companyId, List.of(), "OFFLINE"));
    if (business.holder(d) != Crm.SALESFORCE) {
      throw new IllegalStateException("the business is not split between CRMs; Salesforce holds nothing");
    }
    return SfData.opportunityId(d.id());
  }

  @Override
  protected Reply dispatch(Call call) {
    Map<String, String> query = params(call.rawQuery(), false);
    SfResponse r;
    if (call.path().equals("/services/oauth2/token")) {
      if (!call.method().equals("POST")) {
        r = SalesforceApi.error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + call.method() + "' not allowed.");
      } else {
        Map<String, String> form = new HashMap<>(query);
        form.putAll(params(call.bodyText(), false));
        r = auth.token(form);
      }
    } else {
      r = api.handle(call.method(), call.path(), query, call.headers(), call.body());
    }
    return reply(r);
  }

  @Override
  protected Reply injectedRateLimit(io.crmw.sandbox.faults.Fault fault) {
    return reply(SalesforceApi.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
  }

  @Override
  protected Reply injectedServerError(io.crmw.sandbox.faults.Fault fault) {
    return reply(fault.status() == 503
        ? SalesforceApi.error(503, "SERVER_UNAVAILABLE", "Server temporarily unavailable")
        : SalesforceApi.error(fault.status(), "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please "
            + "include this ErrorId if you contact support: 1234567890-12345 (-1234567890)"));
  }

  private static Reply reply(SfResponse r) {
    return new Reply(r.status(), r.headers(), r.body());
  }
}
