package io.crmw.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import io.crmw.sandbox.faults.FaultInjector;
import io.crmw.sandbox.faults.FaultPlan;
import io.crmw.sandbox.hubspot.RequestLog;
import java.util.SortedMap;

/**
 * What every simulated CRM API has in common: a WireMock server on a loopback port whose one catch-all stub hands
 * each request to the vendor's router, a count of the requests served, and a runtime-replaceable fault plan.
 */
public abstract class SimulatedApi implements AutoCloseable {

  protected final RequestLog log = new RequestLog();
  protected final FaultInjector faults;

  protected SimulatedApi(FaultPlan plan) {
    this.faults = new FaultInjector(plan);
  }

  /** Starts WireMock on 127.0.0.1 (port 0: a free one), gzip off, every request routed to {@code router}. */
  protected static WireMockServer serve(int port, Extension router) {
    WireMockServer server = new WireMockServer(options()
        .bindAddress("127.0.0.1")
        .port(port)
        .gzipDisabled(true)
        .templatingEnabled(false)
        .extensionScanningEnabled(false)
        .disableRequestJournal()
        .jettyStopTimeout(100L)
        .stubRequestLoggingDisabled(true)
        .containerThreads(24)
        .extensions(router));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    return server;
  }

  /** Requests served for one method and path (no query string), e.g. {@code ("GET", "/crm/v3/objects/deals")}. */
  public long requests(String method, String path) {
    return log.count(method, path);
  }

  /** All requests served since the last reset. */
  public long requests() {
    return log.total();
  }

  /** Requests of any method whose path starts with the prefix. */
  public long requestsStartingWith(String pathPrefix) {
    return log.countStartingWith(pathPrefix);
  }

  /** Counts per "METHOD /path". */
  public SortedMap<String, Long> requestLog() {
    return log.snapshot();
  }

  public void resetRequestLog() {
    log.reset();
  }

  /** Replaces the fault plan at runtime; its request counter restarts. */
  public void faults(FaultPlan plan) {
    faults.plan(plan);
  }

  public FaultPlan faults() {
    return faults.plan();
  }
}
