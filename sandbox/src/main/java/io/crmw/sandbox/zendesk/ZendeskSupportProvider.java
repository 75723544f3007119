package io.crmw.sandbox.zendesk;

import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.SimulatorProvider;
import io.crmw.sandbox.business.Crm;

/** Registers the Zendesk Support simulator: the help desk of {@link SandboxOptions#zendeskSupport()}. */
public final class ZendeskSupportProvider extends SimulatorProvider.Named {

  public ZendeskSupportProvider() {
    super("zendesk", Crm.ZENDESK_SUPPORT, "Zendesk Support (the help desk: every support ticket)",
        (business, options) -> ZendeskSupportSimulator.start(business, options.zendeskSupport(), options.faults()));
  }
}
