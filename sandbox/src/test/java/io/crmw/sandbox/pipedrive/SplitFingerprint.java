package io.crmw.sandbox.pipedrive;

import io.crmw.sandbox.business.ActivityType;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.Crm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** A digest of who holds what among HubSpot and Salesforce, to pin the two-CRM split byte for byte. */
final class SplitFingerprint {

  private SplitFingerprint() {
  }

  static String of(Business b) throws Exception {
    StringBuilder s = new StringBuilder();
    List<Crm> two = List.of(Crm.HUBSPOT, Crm.SALESFORCE);
    b.deals().forEach(d -> s.append('d').append(d.id()).append(b.holder(d)).append('\n'));
    for (Crm crm : two) {
      b.companies().forEach(c -> s.append('c').append(c.id()).append(crm).append(b.holds(crm, c)).append('\n'));
      b.contacts().forEach(c -> s.append('p').append(c.id()).append(crm).append(b.holds(crm, c)).append('\n'));
      b.lineItems().forEach(l -> s.append('l').append(l.id()).append(crm).append(b.holds(crm, l)).append('\n'));
      b.tickets().forEach(t -> s.append('t').append(t.id()).append(crm).append(b.holds(crm, t)).append('\n'));
      for (ActivityType type : ActivityType.values()) {
        b.activities(type).forEach(a -> s.append('a').append(a.id()).append(crm).append(b.holds(crm, a)).append('\n'));
      }
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
