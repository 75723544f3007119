package io.crmw.sandbox.zendesk;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Crm;

/** Registers the Zendesk Sell simulator: the account of {@link SandboxOptions#zendeskSell()}. */
public final class ZendeskSellProvider extends SimulatorProvider.Named {

  public ZendeskSellProvider() {
    super("zendesk-sell", Crm.ZENDESK_SELL, "Zendesk Sell (self-serve deals)",
        (business, options) -> ZendeskSellSimulator.start(business, options.zendeskSell(), options.faults()));
  }
}
