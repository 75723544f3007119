package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;

/** Registers the Pipedrive simulator: the account of {@link SandboxOptions#pipedrive()}. */
public final class PipedriveProvider implements SimulatorProvider {

  @Override
  public String type() {
    return "pipedrive";
  }

  @Override
  public Crm crm() {
    return Crm.PIPEDRIVE;
  }

  @Override
  public String description() {
    return "Pipedrive (partner-channel deals)";
  }

  @Override
  public SimulatedApi start(Business business, SandboxOptions options) {
    return PipedriveSimulator.start(business, options.pipedrive(), options.faults());
  }
}
