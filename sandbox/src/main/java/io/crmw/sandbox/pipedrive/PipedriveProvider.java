package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Crm;

/** Registers the Pipedrive simulator: the account of {@link SandboxOptions#pipedrive()}. */
public final class PipedriveProvider extends SimulatorProvider.Named {

  public PipedriveProvider() {
    super("pipedrive", Crm.PIPEDRIVE, "Pipedrive (partner-channel deals)",
        (business, options) -> PipedriveSimulator.start(business, options.pipedrive(), options.faults()));
  }
}
