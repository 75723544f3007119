package io.crmw.sandbox;

import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.faults.FaultPlan;
import io.crmw.sandbox.pipedrive.PipedriveSimulator;
import io.crmw.sandbox.zendesk.ZendeskSellSimulator;
import io.crmw.sandbox.zendesk.ZendeskSupportSimulator;
import io.crmw.sandbox.zoho.ZohoSimulator;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to start a {@link Sandbox}. Limits of 0 are disabled.
 *
 * @param seed              generator seed (same seed and size ⇒ same business)
 * @param size              volume: 1 ≈ 50 companies, 200 contacts, 300 deals
 * @param hubspotToken      the private-app token the simulator accepts
 * @param faults            initial fault plan (every simulator starts with it)
 * @param searchPerSecond   search API requests admitted per second (HubSpot: 5)
 * @param burstPer10Seconds non-search requests admitted per rolling 10 s (HubSpot Professional: 190)
 * @param searchResultCap   deepest result a search may page to (HubSpot: 10,000)
 * @param port              0 for a free port
 * @param crms              the CRMs to run; HubSpot always, plus any of Salesforce, Pipedrive and Zoho, between which the
 *                          business is split by {@link io.crmw.sandbox.business.CrmSplit}'s rule (default: HubSpot
 *                          alone holds everything, exactly as before)
 * @param pipedrive         the Pipedrive simulator's account (token, OAuth client, limits); used when
 *                          {@code crms} contains PIPEDRIVE
 * @param zoho              the Zoho simulator's org (OAuth client, burst window, daily API credits); used when
 *                          {@code crms} contains ZOHO
 * @param zendeskSupport    the Zendesk Support account (agent API token, OAuth client, per-minute and export limits);
 *                          used when {@code crms} contains ZENDESK_SUPPORT
 * @param zendeskSell       the Zendesk Sell account (access token, hourly limit); used when {@code crms} contains
 *                          ZENDESK_SELL
 */
public record SandboxOptions(long seed, int size, String hubspotToken, FaultPlan faults, int searchPerSecond,
                             int burstPer10Seconds, int searchResultCap, int port, Set<Crm> crms,
                             PipedriveSimulator.Settings pipedrive, ZohoSimulator.Settings zoho,
                             ZendeskSupportSimulator.Settings zendeskSupport, ZendeskSellSimulator.Settings zendeskSell) {

  public SandboxOptions {
    if (!crms.contains(Crm.HUBSPOT)) {
      throw new IllegalArgumentException("the sandbox always runs HubSpot; crms must include HUBSPOT, was " + crms);
    }
    crms = Collections.unmodifiableSet(EnumSet.copyOf(crms));
  }

  public SandboxOptions(long seed, int size, String hubspotToken, FaultPlan faults, int searchPerSecond,
                        int burstPer10Seconds, int searchResultCap, int port, boolean salesforce) {
    this(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap, port,
        salesforce ? EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE) : EnumSet.of(Crm.HUBSPOT),
        PipedriveSimulator.Settings.defaults(), ZohoSimulator.Settings.defaults(),
        ZendeskSupportSimulator.Settings.defaults(), ZendeskSellSimulator.Settings.defaults());
  }

  public SandboxOptions(long seed, int size, String hubspotToken, FaultPlan faults, int searchPerSecond,
                        int burstPer10Seconds, int searchResultCap, int port) {
    this(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap, port, false);
  }

  public static final String DEFAULT_TOKEN = "sandbox-hubspot-token";

  public static SandboxOptions defaults() {
    return new SandboxOptions(42, 1, DEFAULT_TOKEN, FaultPlan.none(), 5, 190, 10_000, 0);
  }

  /** Whether the business is split with Salesforce and the Salesforce simulator runs. */
  public boolean salesforce() {
    return crms.contains(Crm.SALESFORCE);
  }

  /** Whether {@code crm}'s simulator runs. */
  public boolean runs(Crm crm) {
    return crms.contains(crm);
  }

  public SandboxOptions withSeed(long v) {
    return new SandboxOptions(v, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, crms, pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  public SandboxOptions withSize(int v) {
    return new SandboxOptions(seed, v, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, crms, pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  public SandboxOptions withToken(String v) {
    return new SandboxOptions(seed, size, v, faults, searchPerSecond, burstPer10Seconds, searchResultCap, port,
        crms, pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  public SandboxOptions withFaults(FaultPlan v) {
    return new SandboxOptions(seed, size, hubspotToken, v, searchPerSecond, burstPer10Seconds, searchResultCap, port,
        crms, pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  public SandboxOptions withSearchPerSecond(int v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, v, burstPer10Seconds, searchResultCap, port,
        crms, pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  public SandboxOptions withBurstPer10Seconds(int v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, v, searchResultCap, port, crms,
        pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  /** No burst or search rate limits (HubSpot) and no burst window or daily token budget (Pipedrive): for benchmarks. */
  public SandboxOptions withoutRateLimits() {
    return new SandboxOptions(seed, size, hubspotToken, faults, 0, 0, searchResultCap, port, crms,
        pipedrive.withLimits(0, 0), zoho.withLimits(0, 0), zendeskSupport.withLimits(0, 0), zendeskSell.withLimit(0));
  }

  public SandboxOptions withSearchResultCap(int v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, v, port,
        crms, pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  /** The HubSpot simulator's port (the others always take a free one). */
  public SandboxOptions withPort(int v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        v, crms, pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  /** Splits the business between HubSpot and Salesforce and serves the Salesforce part on its own simulator. */
  public SandboxOptions withSalesforce(boolean v) {
    Set<Crm> next = EnumSet.copyOf(crms);
    if (v) {
      next.add(Crm.SALESFORCE);
    } else {
      next.remove(Crm.SALESFORCE);
    }
    return withCrms(next);
  }

  /**
   * The CRMs to run, e.g. {@code EnumSet.of(HUBSPOT, SALESFORCE, PIPEDRIVE)}: HubSpot always, and the business is split
   * between them by {@link io.crmw.sandbox.business.CrmSplit}'s rule.
   */
  public SandboxOptions withCrms(Set<Crm> v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, v, pipedrive, zoho, zendeskSupport, zendeskSell);
  }

  /**
   * The CRMs to run by source type, as {@code --crms hubspot,pipedrive} names them ({@link SimulatorProvider#type()});
   * an unknown type is an IllegalArgumentException naming the registered ones.
   */
  public SandboxOptions withCrmTypes(Collection<String> types) {
    Set<Crm> next = EnumSet.noneOf(Crm.class);
    types.forEach(t -> next.add(SimulatorProvider.of(t.trim()).crm()));
    return withCrms(next);
  }

  /** The Pipedrive account: API token, OAuth client and refresh token, burst window and daily token budget. */
  public SandboxOptions withPipedrive(PipedriveSimulator.Settings v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, crms, v, zoho, zendeskSupport, zendeskSell);
  }

  /** The Zoho org: OAuth client and refresh token, burst window and daily API credits. */
  public SandboxOptions withZoho(ZohoSimulator.Settings v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, crms, pipedrive, v, zendeskSupport, zendeskSell);
  }

  /** The Zendesk Support account: API token, OAuth client and refresh token, per-minute and export limits. */
  public SandboxOptions withZendeskSupport(ZendeskSupportSimulator.Settings v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, crms, pipedrive, zoho, v, zendeskSell);
  }

  /** The Zendesk Sell account: access token and hourly limit. */
  public SandboxOptions withZendeskSell(ZendeskSellSimulator.Settings v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, crms, pipedrive, zoho, zendeskSupport, v);
  }

  /** Zoho's burst window (requests per rolling second) and daily API credits; 0 disables either. */
  public SandboxOptions withZohoLimits(int burstPerSecond, long dailyCredits) {
    return withZoho(zoho.withLimits(burstPerSecond, dailyCredits));
  }

  /** Pipedrive's burst window (requests per rolling 2 s) and daily token budget; 0 disables either. */
  public SandboxOptions withPipedriveLimits(int burstPer2Seconds, long dailyTokenBudget) {
    return withPipedrive(pipedrive.withLimits(burstPer2Seconds, dailyTokenBudget));
  }
}
