package io.crmw.sandbox.hubspot;

import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.faults.FaultPlan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HubSpot's public read API, served by WireMock on a free loopback port with gzip off; {@link #baseUrl()} stands in
 * for {@code https://api.hubapi.com}. One catch-all stub hands
 * every request to {@link SimulatedApi}'s router, which dispatches here to {@link HubSpotApi} over the live
 * {@link Business}.
 */
public final class HubSpotSimulator extends SimulatedApi {

  /** Settings of the simulated account. {@code 0} disables a limit. */
  public record Settings(String token, int burstPer10Seconds, int searchPerSecond, int searchResultCap, int port) {
  }

  private final Business business;
  private final String token;
  private volatile HubSpotApi api;

  private HubSpotSimulator(Business business, Settings settings, FaultPlan plan) {
    super(plan);
    this.business = business;
    this.token = settings.token();
    serve(settings.port(), "hubspot-router");
    this.api = new HubSpotApi(business, settings.token(), baseUrl(), settings.burstPer10Seconds(),
        settings.searchPerSecond(), settings.searchResultCap());
  }

  public static HubSpotSimulator start(Business business, Settings settings, FaultPlan faults) {
    return new HubSpotSimulator(business, settings, faults);
  }

  public String token() {
    return token;
  }

  /**
   * HubSpot's GDPR delete ({@code POST /crm/v3/objects/{type}/gdpr-delete}) of a contact, company or deal: unlike an
   * archive, the record leaves every listing ({@code archived=true} too), search totals and associations, so a
   * client sees no trace of it. The business archives it, so the ground truth no longer counts it live.
   */
  public void hardDelete(String objectType, String id) {
    String type = HubSpotObjects.canonical(objectType);
    long key = Long.parseLong(id);
    if (type == null || business.byId(type, Crm.HUBSPOT).get(key) == null) {
      throw new IllegalArgumentException("no HubSpot " + objectType + " with id " + id);
    }
    switch (type) {
      case "contacts" -> business.contact(id).filter(c -> !c.archived()).ifPresent(c -> business.archiveContact(id));
      case "companies" -> business.company(id).filter(c -> !c.archived()).ifPresent(c -> business.archiveCompany(id));
      case "deals" -> business.deal(id).filter(d -> !d.archived()).ifPresent(d -> business.archiveDeal(id));
      default -> throw new IllegalArgumentException("a hard delete of " + type + " is not simulated; "
          + "use contacts, companies or deals");
    }
    api.purge(type, key);
  }

  @Override
  public Map<String, String> connectionSettings() {
    return settings("base-url", baseUrl(), "token", token);
  }

  @Override
  protected Reply dispatch(Call call) {
    return reply(api.handle(call.method(), call.path(), call.query(), call.header("Authorization"), call.body()));
  }

  @Override
  protected Reply injectedRateLimit(io.crmw.sandbox.faults.Fault fault) {
    ApiResponse r = HubSpotApi.json(429, g -> {
      g.writeStartObject();
      g.writeStringProperty("status", "error");
      g.writeStringProperty("message", "You have reached your ten_secondly_rolling limit.");
      g.writeStringProperty("errorType", "RATE_LIMIT");
      g.writeStringProperty("correlationId", api.correlationId());
      g.writeStringProperty("policyName", "TEN_SECONDLY_ROLLING");
      g.writeEndObject();
    });
    r.headers().putAll(fault.retryAfterHeader());
    return reply(r);
  }

  @Override
  protected Reply injectedServerError(io.crmw.sandbox.faults.Fault fault) {
    return reply(api.error(fault.status(), "INTERNAL_ERROR",
        fault.status() == 500 ? "internal error" : "Service temporarily unavailable"));
  }

  private static Reply reply(ApiResponse r) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json;charset=utf-8");
    headers.putAll(r.headers());
    return new Reply(r.status(), headers, r.body());
  }
}
