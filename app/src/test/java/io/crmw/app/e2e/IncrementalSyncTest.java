package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.NewDeal;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second sync reads only what changed, and core shows every change, delete included. */
class IncrementalSyncTest {
    @TempDir
    Path dir;

    private static long overlap(List<Instant> updated) {
        Instant mark = updated.stream().max(Comparator.naturalOrder()).orElseThrow().minus(Duration.ofMinutes(10));
        return updated.stream().filter(t -> !t.isBefore(mark)).count();
    }

    @Test
    void secondSyncFetchesOnlyChangesAndCoreShowsThem() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(11).withSize(1).withSearchPerSecond(25));
             PipelineHarness h = new PipelineHarness(sandbox, dir)) {
            assertThat(h.sync().status()).isEqualTo("succeeded");
            // the first load lists deals (associations inline); search only gives the vendor's count
            assertThat(sandbox.hubspot().requests("GET", "/crm/v3/objects/deals")).isGreaterThan(1);
            assertThat(sandbox.hubspot().requests("POST", "/crm/v3/objects/deals/search")).isEqualTo(1);

            var business = sandbox.business();
            List<Deal> live = business.deals().stream().filter(d -> !d.archived())
                    .sorted(Comparator.comparing(Deal::id)).toList();
            Deal won = live.stream().filter(d -> business.stageOf(d).won()).findFirst().orElseThrow();
            Deal open = live.stream().filter(d -> !business.stageOf(d).closed()).findFirst().orElseThrow();
            Deal doomed = live.stream().filter(d -> d != won && d != open).findFirst().orElseThrow();
            var contact = business.contacts().stream().filter(c -> !c.archived()).findFirst().orElseThrow();

            // records within the lookback window (10 min before the high-water mark) are read again, by design
            long dealOverlap = overlap(business.deals().stream().filter(d -> !d.archived()).map(Deal::updatedAt).toList());
            long contactOverlap = overlap(business.contacts().stream().filter(c -> !c.archived()).map(c -> c.updatedAt()).toList());
            long companyOverlap = overlap(business.companies().stream().filter(c -> !c.archived()).map(c -> c.updatedAt()).toList());

            business.changeDealAmount(won.id(), new BigDecimal("123456.78"));
            business.closeDealWon(open.id(), LocalDate.of(2026, 10, 15));
            Deal added = business.addDeal(new NewDeal("Incremental Co – expansion", new BigDecimal("5000.00"), "EUR",
                    won.pipelineId(), business.stageOf(won).id(), LocalDate.of(2026, 9, 30), won.ownerId(), won.companyId(),
                    List.of(), "REFERRALS"));
            business.archiveDeal(doomed.id());
            business.changeContactEmail(contact.id(), "changed.address@example.org");
            sandbox.hubspot().resetRequestLog();

            assertThat(h.sync().status()).isEqualTo("succeeded");

            // only the changed records were read: one search page for deals, none re-read elsewhere
            assertThat(h.rows("""
                    select stream, records from meta.stream_run
                    where run_id = (select arg_max(run_id, started_at) from meta.sync_run) and stream in ('deals', 'contacts', 'companies')
                    order by stream"""))
                    .containsExactly(List.of("companies", companyOverlap), List.of("contacts", 1L + contactOverlap),
                            List.of("deals", 4L + dealOverlap));
            // 3 changed or added live deals + 1 tombstone from the archived listing
            assertThat(dealOverlap + contactOverlap + companyOverlap).isLessThan(10);
            assertThat(sandbox.hubspot().requests("POST", "/crm/v3/objects/deals/search")).isLessThanOrEqualTo(2);
            assertThat(sandbox.hubspot().requests("POST", "/crm/v3/objects/companies/search")).isLessThanOrEqualTo(2);

            assertThat(h.rows("select amount, status from core.deal where source_id = '" + won.id() + "'"))
                    .containsExactly(List.of(new BigDecimal("123456.78"), "won"));
            assertThat(h.rows("select status, close_date::varchar from core.deal where source_id = '" + open.id() + "'"))
                    .containsExactly(List.of("won", "2026-10-15"));
            assertThat(h.rows("select amount, currency_code, status from core.deal where source_id = '" + added.id() + "'"))
                    .containsExactly(List.of(new BigDecimal("5000.00"), "EUR", "won"));
            assertThat(h.rows("select is_deleted from core.deal where source_id = '" + doomed.id() + "'"))
                    .containsExactly(List.of(true));
            assertThat(h.rows("select email from core.contact where source_id = '" + contact.id() + "'"))
                    .containsExactly(List.of("changed.address@example.org"));
            assertThat(h.count("select count(*) from core.deal where not is_deleted")).isEqualTo(sandbox.groundTruth().liveDeals());
            assertThat(h.count("select count(*) from core.deal")).isEqualTo(h.count("select count(distinct source_id) from core.deal"));
            assertThat(h.reportedWonPerMonth()).isEqualTo(h.truthWonPerMonth());
            // the reports' build took the changed deals only; owners, stages and companies landed again with the same
            // values changed nothing
            assertThat(h.rows("select model || '=' || built_how from meta.model_build where model in"
                    + " ('core.deal_enriched', 'core.account_identity', 'reports.pipeline_movement') order by 1"))
                    .containsExactly(List.of("core.account_identity=unchanged"), List.of("core.deal_enriched=incremental"),
                            List.of("reports.pipeline_movement=incremental"));
        }
    }
}
