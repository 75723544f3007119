package io.crmw.sandbox.business;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The sandbox's fixed marketing campaigns and their deterministic assignment to marketing e-mails (HubSpot's
 * {@code campaign} / {@code campaignName} on {@code /marketing/v3/emails}) and to contacts (the contact property
 * {@code hs_analytics_first_touch_converting_campaign}). Assignment is a pure function of the record id, so it
 * draws nothing from the generator's random stream (other generated data stays as it was) and contacts created
 * later through the simulator get a campaign too. Costs are fixed per campaign and published in
 * {@code config/reference/campaign_costs.csv}; ids are name-based UUIDs, the same for every seed and size.
 */
public final class Campaigns {

  /** A campaign with its total actual cost in {@link #COST_CURRENCY}. */
  public record Campaign(String id, String name, BigDecimal cost) {
  }

  public static final String COST_CURRENCY = "USD";

  public static final List<Campaign> ALL = List.of(
      campaign("Spring Webinar Series", "12000.00"),
      campaign("Product Launch 2025", "25000.00"),
      campaign("Customer Stories", "6000.00"),
      campaign("Black Friday Offer", "15000.00"),
      campaign("Partner Newsletter", "3500.00"),
      campaign("Trade Show Follow-up", "9000.00"));

  private Campaigns() {
  }

  private static Campaign campaign(String name, String cost) {
    String guid = UUID.nameUUIDFromBytes(("crmw-sandbox-campaign:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    return new Campaign(guid, name, new BigDecimal(cost));
  }

  /** The campaign of a marketing e-mail with this id: six in seven e-mails belong to one, the rest to none. */
  public static Campaign ofEmail(String emailId) {
    int slot = (int) Math.floorMod(Long.parseLong(emailId), 7L);
    return slot < ALL.size() ? ALL.get(slot) : null;
  }

  /** The first-touch converting campaign of a contact: six in ten contacts have one. */
  public static Campaign firstTouchOf(Contact contact) {
    int slot = (int) Math.floorMod(Long.parseLong(contact.id()) / 3, 10L);
    return slot < ALL.size() ? ALL.get(slot) : null;
  }

  public static String firstTouchIdOf(Contact contact) {
    Campaign c = firstTouchOf(contact);
    return c == null ? null : c.id();
  }
}
