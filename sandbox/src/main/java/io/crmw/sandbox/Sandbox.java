package io.crmw.sandbox;

import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.GroundTruth;
import io.crmw.sandbox.hubspot.HubSpotSimulator;
import io.crmw.sandbox.pipedrive.PipedriveSimulator;
import io.crmw.sandbox.salesforce.SalesforceSimulator;

/**
 * A generated business, the simulators serving it (HubSpot always; Salesforce and Pipedrive when
 * {@link SandboxOptions#crms()} names them, each serving its share of the split business), and the oracle that knows
 * the right answers. {@code try (Sandbox s = Sandbox.start(SandboxOptions.defaults())) { … s.hubspot().baseUrl() … }}
 */
public final class Sandbox implements AutoCloseable {

  private final SandboxOptions options;
  private final Business business;
  private final GroundTruth groundTruth;
  private final HubSpotSimulator hubspot;
  private final SalesforceSimulator salesforce; // null unless options.salesforce()
  private final PipedriveSimulator pipedrive; // null unless options.runs(PIPEDRIVE)

  private Sandbox(SandboxOptions options) {
    this.options = options;
    this.business = BusinessGenerator.generate(options.seed(), options.size(), options.crms());
    this.groundTruth = new GroundTruth(business);
    this.hubspot = HubSpotSimulator.start(business, new HubSpotSimulator.Settings(options.hubspotToken(),
        options.burstPer10Seconds(), options.searchPerSecond(), options.searchResultCap(), options.port()),
        options.faults());
    this.salesforce = options.salesforce()
        ? SalesforceSimulator.start(business, SalesforceSimulator.Settings.defaults(), options.faults()) : null;
    this.pipedrive = options.runs(Crm.PIPEDRIVE)
        ? PipedriveSimulator.start(business, options.pipedrive(), options.faults()) : null;
  }

  public static Sandbox start(SandboxOptions options) {
    return new Sandbox(options);
  }

  public static Sandbox start() {
    return start(SandboxOptions.defaults());
  }

  public HubSpotSimulator hubspot() {
    return hubspot;
  }

  /**
   * The Salesforce simulator serving Salesforce's share of the split business; only with
   * {@code SandboxOptions.withSalesforce(true)}.
   */
  public SalesforceSimulator salesforce() {
    if (salesforce == null) {
      throw new IllegalStateException("the Salesforce simulator runs only with SandboxOptions.withSalesforce(true)");
    }
    return salesforce;
  }

  /**
   * The Pipedrive simulator serving Pipedrive's share of the split business (the partner-channel deals); only with
   * PIPEDRIVE in {@code SandboxOptions.withCrms(...)}. Connect with {@code pipedrive().baseUrl()} and
   * {@code pipedrive().apiToken()} (header {@code x-api-token}), or OAuth via {@code oauthUrl()}.
   */
  public PipedriveSimulator pipedrive() {
    if (pipedrive == null) {
      throw new IllegalStateException("the Pipedrive simulator runs only with PIPEDRIVE in SandboxOptions.withCrms(...)");
    }
    return pipedrive;
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
    hubspot.close();
    if (salesforce != null) {
      salesforce.close();
    }
    if (pipedrive != null) {
      pipedrive.close();
    }
  }
}
