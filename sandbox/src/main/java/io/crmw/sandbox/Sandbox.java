package io.crmw.sandbox;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.hubspot.HubSpotSimulator;
import io.crmw.sandbox.pipedrive.PipedriveSimulator;
import io.crmw.sandbox.salesforce.SalesforceSimulator;
import io.crmw.sandbox.zendesk.ZendeskSellSimulator;
import io.crmw.sandbox.zendesk.ZendeskSupportSimulator;
import io.crmw.sandbox.zoho.ZohoSimulator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated business, the simulators serving it (every registered {@link SimulatorProvider} whose CRM
 * {@link SandboxOptions#crms()} selects, each serving its share of the split business), and the oracle that knows
 * the right answers. {@code try (Sandbox s = Sandbox.start(SandboxOptions.defaults())) { … s.hubspot().baseUrl() … }}
 */
public final class Sandbox implements AutoCloseable {

  private final SandboxOptions options;
  private final Business business;
  private final GroundTruth groundTruth;
  private final Map<String, SimulatedApi> simulators = new LinkedHashMap<>();

  private Sandbox(SandboxOptions options) {
    this.options = options;
    this.business = BusinessGenerator.generate(options.seed(), options.size(), options.crms());
    this.groundTruth = new GroundTruth(business);
    List<SimulatorProvider> selected = SimulatorProvider.all().stream().filter(p -> options.runs(p.crm())).toList();
    for (Crm crm : options.crms()) {
      if (selected.stream().noneMatch(p -> p.crm() == crm)) {
        throw new IllegalStateException("no simulator registered for " + crm + " (META-INF/services/"
            + SimulatorProvider.class.getName() + ")");
      }
    }
    try {
      for (SimulatorProvider p : selected) {
        simulators.put(p.type(), p.start(business, options));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public static Sandbox start(SandboxOptions options) {
    return new Sandbox(options);
  }

  public static Sandbox start() {
    return start(SandboxOptions.defaults());
  }

  /** The running simulators by source type ({@code hubspot}, {@code salesforce}, {@code pipedrive}, {@code zoho}, {@code zendesk},
   * {@code zendesk-sell}). */
  public Map<String, SimulatedApi> simulators() {
    return Collections.unmodifiableMap(simulators);
  }

  /** The running simulator of a source type; IllegalStateException when the options did not select its CRM. */
  public SimulatedApi simulator(String type) {
    SimulatedApi s = simulators.get(type);
    if (s == null) {
      throw new IllegalStateException("the " + type + " simulator is not running; select its CRM with "
          + "SandboxOptions.withCrms(...) (running: " + String.join(", ", simulators.keySet()) + ")");
    }
    return s;
  }

  public HubSpotSimulator hubspot() {
    return (HubSpotSimulator) simulator("hubspot");
  }

  /**
   * The Salesforce simulator serving Salesforce's share of the split business; only with
   * {@code SandboxOptions.withSalesforce(true)}.
   */
  public SalesforceSimulator salesforce() {
    return (SalesforceSimulator) simulator("salesforce");
  }

  /**
   * The Pipedrive simulator serving Pipedrive's share of the split business (the partner-channel deals); only with
   * PIPEDRIVE in {@code SandboxOptions.withCrms(...)}. Connect with {@code pipedrive().baseUrl()} and
   * {@code pipedrive().apiToken()} (header {@code x-api-token}), or OAuth via {@code oauthUrl()}.
   */
  public PipedriveSimulator pipedrive() {
    return (PipedriveSimulator) simulator("pipedrive");
  }

  /**
   * The Zoho CRM simulator serving Zoho's share of the split business (the field-sales deals); only with ZOHO in
   * {@code SandboxOptions.withCrms(...)}. Connect with {@code zoho().connectionSettings()}: {@code accounts-url},
   * {@code client-id}, {@code client-secret}, {@code refresh-token}.
   */
  public ZohoSimulator zoho() {
    return (ZohoSimulator) simulator("zoho");
  }

  /**
   * The Zendesk Support simulator serving the help desk (every ticket, its requesters and their organizations); only
   * with ZENDESK_SUPPORT in {@code SandboxOptions.withCrms(...)}. Connect with {@code connectionSettings()}:
   * {@code base-url}, {@code email}, {@code api-token}; OAuth with {@code otherAuthSettings()}.
   */
  public ZendeskSupportSimulator zendeskSupport() {
    return (ZendeskSupportSimulator) simulator("zendesk");
  }

  /**
   * The Zendesk Sell simulator serving Sell's share of the split business (the self-serve deals); only with
   * ZENDESK_SELL in {@code SandboxOptions.withCrms(...)}. Connect with {@code connectionSettings()}: {@code base-url},
   * {@code token}.
   */
  public ZendeskSellSimulator zendeskSell() {
    return (ZendeskSellSimulator) simulator("zendesk-sell");
  }

  /** The live ground truth; mutate it to simulate CRM users, and the simulator serves the change at once. */
  public Business business() {
    return business;
  }

  public GroundTruth groundTruth() {
    return groundTruth;
  }

  public SandboxOptions options() {
    return options;
  }

  @Override
  public void close() {
    simulators.values().forEach(SimulatedApi::close);
  }
}
