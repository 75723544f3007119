package io.crmw.sandbox.salesforce;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;

/** Registers the Salesforce simulator: the default org ({@link SalesforceSimulator.Settings#defaults()}). */
public final class SalesforceProvider extends SimulatorProvider.Named {

  public SalesforceProvider() {
    super("salesforce", Crm.SALESFORCE, "Salesforce (enterprise deals)");
  }

  @Override
  public SimulatedApi start(Business business, SandboxOptions options) {
    return SalesforceSimulator.start(business, SalesforceSimulator.Settings.defaults(), options.faults());
  }
}
