package io.crmw.sandbox.zoho;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Crm;

/** Registers the Zoho CRM simulator: the org of {@link SandboxOptions#zoho()}. */
public final class ZohoProvider extends SimulatorProvider.Named {

  public ZohoProvider() {
    super("zoho", Crm.ZOHO, "Zoho CRM (field-sales deals)",
        (business, options) -> ZohoSimulator.start(business, options.zoho(), options.faults()));
  }
}
