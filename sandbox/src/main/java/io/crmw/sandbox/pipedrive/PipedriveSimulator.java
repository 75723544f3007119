package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.AccessTokens;
import io.crmw.sandbox.DerivedViews;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.faults.Fault;
import io.crmw.sandbox.faults.FaultPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Pipedrive's documented read API (crm-apis.md §5, docs/pipedrive.md) for Pipedrive's share of a split
 * {@link Business} (the partner-channel deals, see {@code CrmSplit}), on its own loopback port. The company domain
 * (instead of {@code https://acme.pipedrive.com}; v1 under /v1, v2 under /api/v2), the OAuth host and the
 * {@code api_domain} of token responses are all {@link #baseUrl()}. Endpoints:
 * <ul>
 *   <li>v2 cursor lists: deals (+ {@code /archived}, {@code status=deleted}: deals deleted since
 *       {@link #deletedVisibleSince()}), persons, organizations, activities, products, pipelines, stages, the five
 *       {@code *Fields}, {@code deals/products?deal_ids=}</li>
 *   <li>v1: users, leads (+ archived), leadSources, leadLabels, activityTypes, currencies, notes (offset),
 *       {@code deals/{id}/changelog} (cursor)</li>
 * </ul>
 * Auth: {@code x-api-token} (or {@code ?api_token=}) or an OAuth bearer from {@code POST /oauth/token}. Limits: a
 * burst window per rolling 2 s and a daily token budget, both 429. Faults come from the shared {@link FaultPlan}.
 */
public final class PipedriveSimulator extends SimulatedApi {

  /**
   * The simulated company. {@code burstPer2Seconds} and {@code dailyTokenBudget} of 0 are disabled; port 0: a free
   * one.
   */
  public record Settings(String apiToken, String clientId, String clientSecret, String refreshToken,
                         int burstPer2Seconds, long dailyTokenBudget, int port) {

    /** Growth plan, 5 seats: 30,000 × 2 × 5 tokens a day; an OAuth app's burst on Lite (80 per 2 s). */
    public static Settings defaults() {
      return new Settings("5a1dbce0c7e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6", "b7c2e1f0a9d8c3e4", "sandbox-pipedrive-secret",
          "13657143:16134017:sandboxpipedriverefreshtoken", 80, 300_000, 0);
    }

    public Settings withLimits(int burst, long budget) {
      return new Settings(apiToken, clientId, clientSecret, refreshToken, burst, budget, port);
    }
  }

  private final Business business;
  private final Settings settings;
  private final DerivedViews<Long> views;
  private final PdRecords records;
  private final AccessTokens accessTokens;
  private final PipedriveApi api;

  private PipedriveSimulator(Business business, Settings settings, FaultPlan plan, Clock clock) {
    super(plan);
    this.business = business;
    this.settings = settings;
    this.views = new DerivedViews<>(business);
    this.records = new PdRecords(business, views);
    this.accessTokens = new AccessTokens(clock);
    this.api = new PipedriveApi(records, settings, clock, accessTokens, this::baseUrl);
    serve(settings.port(), "pipedrive-router");
  }

  public static PipedriveSimulator start(Business business, Settings settings, FaultPlan faults) {
    return new PipedriveSimulator(business, settings, faults, Clock.systemUTC());
  }

  @Override
  public Map<String, String> connectionSettings() {
    return settings("base-url", baseUrl(), "api-token", apiToken());
  }

  @Override
  public Map<String, String> otherAuthSettings() {
    return settings("client-id", settings.clientId(), "client-secret", settings.clientSecret(),
        "refresh-token", settings.refreshToken());
  }

  /** The account: API token, the OAuth app (its refresh token at {@code baseUrl() + "/oauth/token"}), limits. */
  public Settings settings() {
    return settings;
  }

  /** The API token, sent as the header {@code x-api-token}. */
  public String apiToken() {
    return settings.apiToken();
  }

  /** With {@code false}, every authenticated call answers 402 (trial expired, account not open). */
  public void accountOpen(boolean open) {
    api.accountOpen = open;
  }

  /** Every issued OAuth access token stops working (the next call with one gets 401). */
  public void expireAccessTokens() {
    accessTokens.expireAll();
  }

  /** Tokens of the daily budget spent so far. */
  public long tokensUsed() {
    return api.limits.daily.used();
  }

  /** Midnight in the server's time zone: the daily budget starts again. */
  public void resetDailyBudget() {
    api.limits.daily.reset();
  }

  // ---- ids and mutations ----

  /** Deleted deals are listed under {@code status=deleted} when deleted at or after this (30 days before AS_OF). */
  public static Instant deletedVisibleSince() {
    return PdRecords.DELETED_VISIBLE_SINCE;
  }

  /** The Pipedrive id of a business deal. */
  public static long dealId(String businessDealId) {
    return PdRecords.id(businessDealId, PdRecords.DEAL);
  }

  /** The Pipedrive id of a business company. */
  public static long organizationId(String businessCompanyId) {
    return PdRecords.id(businessCompanyId, PdRecords.ORGANIZATION);
  }

  /** The business deal behind a Pipedrive deal id. */
  public static String businessDealId(long pipedriveDealId) {
    return Long.toString(pipedriveDealId + PdRecords.DEAL);
  }

  /** Whether Pipedrive serves this deal only under {@code /api/v2/deals/archived} (a live, archived deal). */
  public boolean isArchived(Deal d) {
    return !d.archived() && records.archived(d);
  }

  /** Deletes a deal as a Pipedrive user would: {@code status=deleted}, {@code update_time} = now, for 30 days. */
  public void deleteDeal(long pipedriveDealId) {
    business.archiveDeal(businessDealId(pipedriveDealId));
  }

  /** Purges a deal for good (as 30 days after deletion): gone from every list; deleted in the business too. */
  public void purgeDeal(long pipedriveDealId) {
    business.deal(businessDealId(pipedriveDealId)).filter(d -> !d.archived())
        .ifPresent(d -> business.archiveDeal(d.id()));
    views.purge(pipedriveDealId);
  }

  @Override
  protected Reply dispatch(Call call) {
    return api.handle(call);
  }

  @Override
  protected Reply injectedRateLimit(Fault fault) {
    return PipedriveApi.error(429, "Request over limit", fault.retryAfterHeader());
  }

  @Override
  protected Reply injectedServerError(Fault fault) {
    return PipedriveApi.error(fault.status(), fault.status() == 503 ? "Service Unavailable" : "Internal Server Error",
        Map.of());
  }
}
