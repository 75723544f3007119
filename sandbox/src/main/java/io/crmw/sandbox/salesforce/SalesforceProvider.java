package io.crmw.sandbox.salesforce;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;

/** Registers the Salesforce simulator: the default org ({@link SalesforceSimulator.Settings#defaults()}). */
public final class SalesforceProvider implements SimulatorProvider {

  @Override
  public String type() {
    return "salesforce";
  }

  @Override
  public Crm crm() {
    return Crm.SALESFORCE;
  }

  @Override
  public String description() {
    return "Salesforce (enterprise deals)";
  }

  @Override
  public SimulatedApi start(Business business, SandboxOptions options) {
    return SalesforceSimulator.start(business, SalesforceSimulator.Settings.defaults(), options.faults());
  }
}
