package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;

/** Registers the Pipedrive simulator: the account of {@link SandboxOptions#pipedrive()}. */
public final class PipedriveProvider extends SimulatorProvider.Named {

  public PipedriveProvider() {
    super("pipedrive", Crm.PIPEDRIVE, "Pipedrive (partner-channel deals)");
  }

  @Override
  public SimulatedApi start(Business business, SandboxOptions options) {
    return PipedriveSimulator.start(business, options.pipedrive(), options.faults());
  }
}
