package io.crmw.sandbox.hubspot;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatedApi;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;

/** Registers the HubSpot simulator: the token, limits and port of {@link SandboxOptions}. */
public final class HubSpotProvider implements SimulatorProvider {

  @Override
  public String type() {
    return "hubspot";
  }

  @Override
  public Crm crm() {
    return Crm.HUBSPOT;
  }

  @Override
  public String description() {
    return "HubSpot (every deal the other CRMs do not hold)";
  }

  @Override
  public SimulatedApi start(Business business, SandboxOptions o) {
    return HubSpotSimulator.start(business, new HubSpotSimulator.Settings(o.hubspotToken(), o.burstPer10Seconds(),
        o.searchPerSecond(), o.searchResultCap(), o.port()), o.faults());
  }
}
