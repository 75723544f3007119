package io.crmw.sandbox.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.CrmSplit;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.NewDeal;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Changes made to the live business show up in Pipedrive's incremental lists; deletes under status=deleted. */
class PipedriveMutationTest {

  @Test
  void changedAddedDeletedAndPurgedDealsAreServedAsPipedriveDoes() throws Exception {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults()
        .withCrms(EnumSet.of(Crm.HUBSPOT, Crm.SALESFORCE, Crm.PIPEDRIVE)).withoutRateLimits())) {
      PipedriveSimulator pd = s.pipedrive();
      PdHttp http = PdHttp.apiToken(pd);
      Business b = s.business();
      CrmSplitTruth truth = new CrmSplitTruth(b);
      List<Deal> open = b.deals().stream().filter(d -> !d.archived() && b.holder(d) == Crm.PIPEDRIVE
          && !b.stageOf(d).closed()).toList();
      long live = truth.liveDeals(Crm.PIPEDRIVE);
      long deletedBefore = truth.deletedDeals(Crm.PIPEDRIVE, PipedriveSimulator.deletedVisibleSince());
      assertThat(http.all("/api/v2/deals", "status=deleted&limit=500")).hasSize((int) deletedBefore);
      String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

      b.changeDealAmount(open.get(0).id(), new BigDecimal("4321.5"));
      b.closeDealWon(open.get(1).id(), LocalDate.of(2026, 10, 20));
      Deal partner = open.get(2);
      Deal added = b.addDeal(new NewDeal("Partner deal", new BigDecimal("777"), "EUR",
          BusinessGenerator.DEFAULT_PIPELINE, "qualifiedtobuy", LocalDate.of(2027, 1, 15), partner.ownerId(),
          partner.companyId(), List.of(), "REFERRALS"));
      assertThat(CrmSplit.partnerAccount(partner.companyId())).isTrue();
      assertThat(b.holder(added)).isEqualTo(Crm.PIPEDRIVE);

      List<JsonNode> changed = http.all("/api/v2/deals", "sort_by=update_time&updated_since=" + since);
      assertThat(changed.stream().map(d -> d.path("id").asLong()).toList()).containsExactly(
          PipedriveSimulator.dealId(open.get(0).id()), PipedriveSimulator.dealId(open.get(1).id()),
          PipedriveSimulator.dealId(added.id()));
      assertThat(changed.get(0).path("value").decimalValue()).isEqualByComparingTo("4321.5");
      assertThat(changed.get(1).path("status").asString()).isEqualTo("won");
      assertThat(changed.get(1).path("local_won_date").asString()).isEqualTo("2026-10-20");
      assertThat(changed.get(2).path("currency").asString()).isEqualTo("EUR");
      assertThat(http.all("/api/v2/deals", "status=won&updated_since=" + since)).hasSize(1);

      // deleted: gone from the standard list, listed under status=deleted with update_time = delete time
      long deletedId = PipedriveSimulator.dealId(open.get(3).id());
      pd.deleteDeal(deletedId);
      Deal deleted = b.deal(open.get(3).id()).orElseThrow();
      assertThat(http.all("/api/v2/deals", "limit=500").stream().map(d -> d.path("id").asLong()))
          .doesNotContain(deletedId);
      List<JsonNode> bin = http.all("/api/v2/deals", "status=deleted&updated_since=" + since);
      assertThat(bin).singleElement().satisfies(d -> {
        assertThat(d.path("id").asLong()).isEqualTo(deletedId);
        assertThat(d.path("is_deleted").asBoolean()).isTrue();
        assertThat(d.path("status").asString()).isEqualTo("deleted");
        assertThat(Instant.parse(d.path("update_time").asString()))
            .isEqualTo(deleted.archivedAt().truncatedTo(ChronoUnit.SECONDS));
      });
      assertThat(truth.deletedDeals(Crm.PIPEDRIVE, PipedriveSimulator.deletedVisibleSince()))
          .isEqualTo(deletedBefore + 1);

      // purged: gone everywhere
      pd.purgeDeal(deletedId);
      long purgedLive = PipedriveSimulator.dealId(open.get(4).id());
      pd.purgeDeal(purgedLive);
      assertThat(http.all("/api/v2/deals", "status=deleted&limit=500")).hasSize((int) deletedBefore);
      assertThat(http.all("/api/v2/deals", "limit=500").stream().map(d -> d.path("id").asLong()))
          .doesNotContain(purgedLive);
      assertThat(http.get("/v1/deals/" + purgedLive + "/changelog").statusCode()).isEqualTo(404);
      long served = http.all("/api/v2/deals", "limit=500").size() + http.all("/api/v2/deals/archived", "limit=500").size();
      assertThat(served).isEqualTo(live + 1 - 2).isEqualTo(truth.liveDeals(Crm.PIPEDRIVE));
    }
  }
}
