package io.crmw.sandbox.hubspot;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;

/** Registers the HubSpot simulator: the token, limits and port of {@link SandboxOptions}. */
public final class HubSpotProvider extends SimulatorProvider.Named {

  public HubSpotProvider() {
    super("hubspot", Crm.HUBSPOT, "HubSpot (every deal no other CRM holds)");
  }

  @Override
  public SimulatedApi start(Business business, SandboxOptions o) {
    return HubSpotSimulator.start(business, new HubSpotSimulator.Settings(o.hubspotToken(), o.burstPer10Seconds(),
        o.searchPerSecond(), o.searchResultCap(), o.port()), o.faults());
  }
}
