package io.crmw.app.e2e;

import io.crmw.app.testing.CrmwProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.NewDeal;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.pipedrive.PipedriveSimulator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.YearMonth;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipedrive incremental reads: the second run lands the changes plus the lookback overlap; hard deletes by ids only. */
class PipedriveSyncTest {

    @TempDir
    Path dir;

    static Sandbox pipedrive(SandboxOptions options) {
        return PipelineHarness.sandboxWith(Crm.PIPEDRIVE, options);
    }

    static PipelineHarness harness(Sandbox sandbox, Path dir) {
        return new PipelineHarness(sandbox, dir, List.of(PipelineHarness.pipedrive(sandbox, PipedriveEndToEndTest.FAST)));
    }

    private static String id(Deal d) {
        return Long.toString(PipedriveSimulator.dealId(d.id()));
    }

    private static String deal(String columns, Deal d) {
        return "select " + columns + " from core.deal where source_system = 'pipedrive-test' and source_id = '" + id(d) + "'";
    }

    private static String lastRun(String columns, String stream) {
        return "select " + columns + " from meta.stream_run where run_id = (select arg_max(run_id, started_at) from meta.sync_run) "
                + "and stream = '" + stream + "'";
    }

    private static long liveLineItems(PipelineHarness h) throws Exception {
        return h.count("select count(*) from core.line_item where not is_deleted and source_system = 'pipedrive-test'");
    }

    @Test
    void secondSyncReadsOnlyTheChangesAndAHardDeleteCostsOnlyIdListings() throws Exception {
        try (Sandbox sandbox = pipedrive(SandboxOptions.defaults().withSeed(41)); PipelineHarness h = harness(sandbox, dir)) {
            var first = h.sync(PipelineHarness.PIPEDRIVE);
            assertThat(first.error()).isNull();
            long firstRunRequests = sandbox.pipedrive().requests();

            Business business = sandbox.business();
            CrmSplitTruth truth = new CrmSplitTruth(business);
            PipedriveSimulator pd = sandbox.pipedrive();
            Set<String> withLines = business.lineItems().stream().map(l -> l.dealId()).collect(Collectors.toSet());
            List<Deal> open = business.deals().stream()
                    .filter(d -> !d.archived() && business.holder(d) == Crm.PIPEDRIVE && !business.stageOf(d).closed())
                    .sorted(Comparator.comparing(Deal::id)).toList();
            List<Deal> openWithLines = open.stream().filter(d -> withLines.contains(d.id())).toList();
            assertThat(openWithLines.size()).isGreaterThan(1);
            Deal deleted = openWithLines.get(0);
            Deal purged = openWithLines.get(1);
            List<Deal> others = open.stream().filter(d -> d != deleted && d != purged).toList();
            Deal changed = others.get(0);
            Deal moved = others.get(1);
            Deal won = others.get(2);
            var person = business.contacts().stream().filter(c -> !c.archived() && business.holds(Crm.PIPEDRIVE, c)
                    && !business.holds(Crm.HUBSPOT, c)).min(Comparator.comparing(c -> c.id())).orElseThrow();
            String otherStage = business.pipeline(moved.pipelineId()).orElseThrow().openStages().stream()
                    .map(s -> s.id()).filter(s -> !s.equals(moved.stageId())).findFirst().orElseThrow();
            List<Object> stageBefore = h.rows(deal("stage_id", moved)).get(0);
            Set<String> dealOverlap = h.overlap("pipedrive-test", "deals");
            Set<String> personOverlap = h.overlap("pipedrive-test", "persons");
            assertThat(dealOverlap.size() + personOverlap.size()).isLessThan(10);

            // an ordinary day: deals changed, moved, won, added and deleted (Pipedrive lists it under status=deleted)
            business.changeDealAmount(changed.id(), new BigDecimal("65432.10"));
            business.moveDealToStage(moved.id(), otherStage);
            business.closeDealWon(won.id(), LocalDate.of(2026, 11, 20));
            Deal added = business.addDeal(new NewDeal("Partner Co – renewal", new BigDecimal("2500.00"), "EUR",
                    BusinessGenerator.DEFAULT_PIPELINE, "qualifiedtobuy", LocalDate.of(2027, 2, 1), changed.ownerId(),
                    changed.companyId(), List.of(), "REFERRALS"));
            assertThat(business.holder(added)).isEqualTo(Crm.PIPEDRIVE);
            pd.deleteDeal(PipedriveSimulator.dealId(deleted.id()));
            business.changeContactEmail(person.id(), "moved.on@example.org");
            pd.resetRequestLog();

            var second = h.sync(PipelineHarness.PIPEDRIVE);
            assertThat(second.error()).isNull();
            assertThat(second.status()).isEqualTo("succeeded");

            // deals: exactly the four changed or added live deals, the deleted one (from the deleted feed), the overlap
            Set<String> liveChanges = Set.of(id(changed), id(moved), id(won), id(added));
            Set<String> expected = new HashSet<>(dealOverlap);
            expected.addAll(liveChanges);
            expected.remove(id(deleted));
            assertThat(h.rows(lastRun("records, tombstones", "deals")))
                    .containsExactly(List.of(expected.size() + 1L, 1L));
            // deal products: one record per changed live deal, and the deleted deal's as a tombstone
            assertThat(h.rows(lastRun("records, tombstones", "deal_products")))
                    .containsExactly(List.of(expected.size() + 1L, 1L));
            // deal changelog: only deals whose stage moved since the cursor are read again (and a new deal that never
            // moved, at no call); the amount change and the win (a status, not a stage move) keep their history
            List<List<Object>> changelogs = h.rows("select _id from " + io.crmw.warehouse.raw.RawLanding.rawTable(
                    "pipedrive-test", "deal_changelog") + " where _run_id = (select arg_max(run_id, started_at) from meta.sync_run)");
            assertThat(changelogs).contains(List.of(id(moved)), List.of(id(added)))
                    .doesNotContain(List.of(id(changed)), List.of(id(won)));
            assertThat(h.rows(lastRun("tombstones", "deal_changelog"))).containsExactly(List.of(0L));
            List<List<Object>> changedPerson = h.rows("select source_id from core.contact where source_system = "
                    + "'pipedrive-test' and email = 'moved.on@example.org'");
            assertThat(changedPerson).hasSize(1);
            assertThat(h.count("select count(*) from core.contact where email = '" + person.email() + "'")).isZero();
            Set<String> expectedPersons = new HashSet<>(personOverlap);
            expectedPersons.add((String) changedPerson.get(0).get(0));
            assertThat(h.rows(lastRun("records, tombstones", "persons")))
                    .containsExactly(List.of((long) expectedPersons.size(), 0L));
            // HTTP: each listing one page: deals (live, deleted feed), deal_products (live, deleted feed),
            // deal_changelog (live); archived by all three; the changed deals' products in one call
            assertThat(pd.requests("GET", "/api/v2/deals")).isEqualTo(5);
            assertThat(pd.requests("GET", "/api/v2/deals/archived")).isEqualTo(3);
            assertThat(pd.requests("GET", "/api/v2/deals/products")).isEqualTo(1);
            assertThat(pd.requests("GET", "/api/v2/persons")).isEqualTo(1);
            assertThat(pd.requests("GET", "/v1/deals/" + id(moved) + "/changelog")).isEqualTo(1);
            assertThat(pd.requestsStartingWith("/v1/deals/")).isLessThanOrEqualTo(expected.size());
            // deals' three listings, and dealFields once for the deal_fields stream and the deals' field names
            assertThat(h.rows("select sum(http_calls)::bigint from meta.stream_run where run_id = (select arg_max(run_id, started_at) from "
                    + "meta.sync_run) and stream in ('deals', 'deal_fields')")).containsExactly(List.of(4L));
            assertThat(pd.requests()).isLessThan(firstRunRequests);

            // core shows every change, the deleted deal and its line items flagged
            assertThat(h.rows(deal("amount", changed))).containsExactly(List.of(new BigDecimal("65432.10")));
            List<Object> newStage = h.rows(deal("stage_id", moved)).get(0);
            assertThat(newStage).isNotEqualTo(stageBefore);
            assertThat(h.rows("select stage_id from core.deal_stage_history where deal_id = 'pipedrive-test:deal:"
                    + id(moved) + "' order by seq desc limit 1")).containsExactly(newStage);
            assertThat(h.rows(deal("status, close_date::varchar", won))).containsExactly(List.of("won", "2026-11-20"));
            assertThat(h.rows(deal("amount, currency_code, status", added)))
                    .containsExactly(List.of(new BigDecimal("2500.00"), "EUR", "open"));
            assertThat(h.rows(deal("is_deleted", deleted))).containsExactly(List.of(true));
            assertThat(liveLineItems(h)).isEqualTo(truth.lineItems(Crm.PIPEDRIVE));

            // a purge leaves no trace at Pipedrive; the daily reconciliation (made due: its last pass is two days old)
            // lists ids only and tombstones what is missing
            Set<String> overlapNow = h.overlap("pipedrive-test", "deals");
            pd.purgeDeal(PipedriveSimulator.dealId(purged.id()));
            try (var c = h.connect(); var st = c.createStatement()) {
                st.execute("update meta.sync_state set pass_started_at = pass_started_at - interval 2 day "
                        + "where source = 'pipedrive-test'");
            }
            pd.resetRequestLog();

            var third = h.sync(PipelineHarness.PIPEDRIVE);
            assertThat(third.error()).isNull();
            assertThat(third.status()).isEqualTo("succeeded");

            overlapNow.remove(id(purged));
            long deletedInOverlap = overlapNow.contains(id(deleted)) ? 1 : 0;
            assertThat(h.rows(lastRun("records, tombstones", "deals")))
                    .containsExactly(List.of((long) overlapNow.size(), deletedInOverlap + 1));
            assertThat(h.rows(lastRun("records, tombstones", "deal_products")))
                    .containsExactly(List.of((long) overlapNow.size(), deletedInOverlap + 1));
            // the changelog stream reads no deleted feed (core keeps a deleted deal's history): both go at the reconcile
            assertThat(h.rows(lastRun("tombstones", "deal_changelog"))).containsExactly(List.of(2L));
            // the ids pass is one more page of each listing, never the records again
            assertThat(pd.requests("GET", "/api/v2/deals")).isEqualTo(5 + 3);
            assertThat(pd.requests("GET", "/api/v2/deals/archived")).isEqualTo(3 + 3);
            assertThat(pd.requests("GET", "/api/v2/persons")).isEqualTo(1 + 1);
            long heldDeals = truth.liveDeals(Crm.PIPEDRIVE);
            assertThat(heldDeals).isGreaterThan(30);
            assertThat(h.count("select sum(records) from meta.stream_run where run_id = (select arg_max(run_id, started_at) from "
                    + "meta.sync_run) and stream in ('deals', 'deal_products', 'deal_changelog')"))
                    .isLessThanOrEqualTo(3L * overlapNow.size()).isLessThan(heldDeals);

            assertThat(h.rows(deal("is_deleted", purged))).containsExactly(List.of(true));
            assertThat(liveLineItems(h)).isEqualTo(truth.lineItems(Crm.PIPEDRIVE));
            assertThat(h.count("select count(*) from core.deal where not is_deleted and source_system = 'pipedrive-test'"))
                    .isEqualTo(truth.liveDeals(Crm.PIPEDRIVE));
            assertThat(h.count("select count(*) - count(distinct source_id) from core.deal")).isZero();
            assertThat(PipedriveEndToEndTest.reported(h, "where source_system = 'pipedrive-test'"))
                    .isEqualTo(PipedriveEndToEndTest.scaled(truth.wonAmountPerMonth(Crm.PIPEDRIVE, "USD",
                            FxRates.load(PipelineHarness.FX))));
        }
    }

    @Test
    void crmwSyncAgainstAPipedriveCompatibleServerNeedsOnlyItsTypeBaseUrlAndApiToken() throws Exception {
        try (Sandbox sandbox = pipedrive(SandboxOptions.defaults().withSeed(59))) {
            var pd = sandbox.pipedrive();
            Path config = CrmwProcess.config(dir, """
                        - name: pipedrive-main
                          type: pipedrive
                          base-url: %s
                          api-token: ${PIPEDRIVE_API_TOKEN}
                    """.formatted(pd.baseUrl()));
            Process sync = CrmwProcess.sync(config, Map.of("PIPEDRIVE_API_TOKEN", pd.apiToken()));
            try {
                assertThat(sync.waitFor(90, TimeUnit.SECONDS)).as("crmw sync finished; log: %s", CrmwProcess.log(config))
                        .isTrue();
            } finally {
                sync.destroyForcibly();
            }
            assertThat(sync.exitValue()).as("exit code; log: %s", Files.readString(CrmwProcess.log(config))).isZero();
            assertThat(Files.readString(CrmwProcess.log(config))).doesNotContain(pd.apiToken());

            SortedMap<YearMonth, BigDecimal> reported = new TreeMap<>();
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"), readOnly);
                 var st = c.createStatement();
                 var rs = st.executeQuery("select strftime(period_start, '%Y-%m'), sum(won_amount_rc) from reports.total_sales "
                         + "where source_system = 'pipedrive-main' group by 1")) {
                while (rs.next()) {
                    reported.put(YearMonth.parse(rs.getString(1)), rs.getBigDecimal(2).setScale(2));
                }
            }
            CrmSplitTruth truth = new CrmSplitTruth(sandbox.business());
            assertThat(reported).isNotEmpty().isEqualTo(PipedriveEndToEndTest.scaled(
                    truth.wonAmountPerMonth(Crm.PIPEDRIVE, "USD", FxRates.load(PipelineHarness.FX))));
        }
    }
}
