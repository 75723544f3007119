package io.crmw.sandbox.salesforce;

import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Crm;

/** Registers the Salesforce simulator: the default org ({@link SalesforceSimulator.Settings#defaults()}). */
public final class SalesforceProvider extends SimulatorProvider.Named {

  public SalesforceProvider() {
    super("salesforce", Crm.SALESFORCE, "Salesforce (enterprise deals)", (business, options) ->
        SalesforceSimulator.start(business, SalesforceSimulator.Settings.defaults(), options.faults()));
  }
}
