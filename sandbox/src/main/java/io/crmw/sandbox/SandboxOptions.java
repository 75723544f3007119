package io.crmw.sandbox;

import io.crmw.sandbox.faults.FaultPlan;

/**
 * How to start a {@link Sandbox}. Limits of 0 are disabled.
 *
 * @param seed              generator seed (same seed and size ⇒ same business)
 * @param size              volume: 1 ≈ 50 companies, 200 contacts, 300 deals
 * @param hubspotToken      the private-app token the simulator accepts
 * @param faults            initial fault plan
 * @param searchPerSecond   search API requests admitted per second (HubSpot: 5)
 * @param burstPer10Seconds non-search requests admitted per rolling 10 s (HubSpot Professional: 190)
 * @param searchResultCap   deepest result a search may page to (HubSpot: 10,000)
 * @param port              0 for a free port
 * @param salesforce        split the business between HubSpot and Salesforce and start the Salesforce simulator
 *                          too (default false: HubSpot holds everything, exactly as before)
 */
public record SandboxOptions(long seed, int size, String hubspotToken, FaultPlan faults, int searchPerSecond,
                             int burstPer10Seconds, int searchResultCap, int port, boolean salesforce) {

  public SandboxOptions(long seed, int size, String hubspotToken, FaultPlan faults, int searchPerSecond,
                        int burstPer10Seconds, int searchResultCap, int port) {
    this(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap, port, false);
  }

  public static final String DEFAULT_TOKEN = "sandbox-hubspot-token";

  public static SandboxOptions defaults() {
    return new SandboxOptions(42, 1, DEFAULT_TOKEN, FaultPlan.none(), 5, 190, 10_000, 0);
  }

  public SandboxOptions withSeed(long v) {
    return new SandboxOptions(v, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, salesforce);
  }

  public SandboxOptions withSize(int v) {
    return new SandboxOptions(seed, v, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, salesforce);
  }

  public SandboxOptions withToken(String v) {
    return new SandboxOptions(seed, size, v, faults, searchPerSecond, burstPer10Seconds, searchResultCap, port,
        salesforce);
  }

  public SandboxOptions withFaults(FaultPlan v) {
    return new SandboxOptions(seed, size, hubspotToken, v, searchPerSecond, burstPer10Seconds, searchResultCap, port,
        salesforce);
  }

  public SandboxOptions withSearchPerSecond(int v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, v, burstPer10Seconds, searchResultCap, port,
        salesforce);
  }

  public SandboxOptions withBurstPer10Seconds(int v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, v, searchResultCap, port, salesforce);
  }

  /** No burst or search rate limits: for benchmarks. */
  public SandboxOptions withoutRateLimits() {
    return new SandboxOptions(seed, size, hubspotToken, faults, 0, 0, searchResultCap, port, salesforce);
  }

  public SandboxOptions withSearchResultCap(int v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, v, port,
        salesforce);
  }

  public SandboxOptions withPort(int v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        v, salesforce);
  }

  /** Splits the business between HubSpot and Salesforce and serves the Salesforce part on its own simulator. */
  public SandboxOptions withSalesforce(boolean v) {
    return new SandboxOptions(seed, size, hubspotToken, faults, searchPerSecond, burstPer10Seconds, searchResultCap,
        port, v);
  }
}
