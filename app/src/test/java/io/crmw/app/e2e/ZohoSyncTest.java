package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.app.testing.CrmwProcess;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Business;
import io.crmw.sandbox.business.BusinessGenerator;
import io.crmw.sandbox.business.Contact;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.Deal;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.NewDeal;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import io.crmw.sandbox.zoho.ZohoSimulator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zoho incremental reads: If-Modified-Since brings the changes plus the lookback overlap; deletes from /deleted. */
class ZohoSyncTest {

    private static final List<String> MODULES = List.of("Leads", "Contacts", "Accounts", "Deals", "Calls", "Tasks",
            "Events", "Campaigns", "Products", "Sales_Orders", "Quotes", "Invoices");

    @TempDir
    Path dir;

    static Sandbox zoho(SandboxOptions options) {
        return PipelineHarness.sandboxWith(Crm.ZOHO, options);
    }

    static PipelineHarness harness(Sandbox sandbox, Path dir) {
        return new PipelineHarness(sandbox, dir, List.of(PipelineHarness.zoho(sandbox, ZohoEndToEndTest.FAST)));
    }

    private static String id(Deal d) {
        return ZohoSimulator.dealId(d.id());
    }

    private static String deal(String columns, Deal d) {
        return "select " + columns + " from core.deal where source_system = 'zoho-test' and source_id = '" + id(d) + "'";
    }

    private static String lastRun(String columns, String stream) {
        return "select " + columns + " from meta.stream_run where run_id = (select arg_max(run_id, started_at) from meta.sync_run) "
                + "and stream = '" + stream + "'";
    }

    static SortedMap<YearMonth, BigDecimal> oracle(Sandbox sandbox) throws Exception {
        return PipedriveEndToEndTest.scaled(new CrmSplitTruth(sandbox.business()).wonAmountPerMonth(Crm.ZOHO, "USD",
                FxRates.load(PipelineHarness.FX)));
    }

    @Test
    void aWonDealDeletedAloneLeavesTheReportsBuiltAfterTheNextSync() throws Exception {
        try (Sandbox sandbox = zoho(SandboxOptions.defaults().withSeed(43)); PipelineHarness h = harness(sandbox, dir)) {
            assertThat(h.sync(PipelineHarness.ZOHO).error()).isNull();
            Business business = sandbox.business();
            Deal won = business.deals().stream()
                    .filter(d -> !d.archived() && business.holder(d) == Crm.ZOHO && business.stageOf(d).won()
                            && d.contactIds().isEmpty())
                    .min(Comparator.comparing(Deal::id)).orElseThrow();
            String dealId = "'zoho-test:deal:" + id(won) + "'";
            assertThat(h.count("select count(*) from reports.total_sales t join core.deal_enriched d on d.close_month ="
                    + " t.period_start where d.deal_id = " + dealId)).isPositive();

            // the only change of the day: the deal goes to the recycle bin, so its tombstone is all the sync brings
            sandbox.zoho().deleteDeal(id(won));
            assertThat(h.sync(PipelineHarness.ZOHO).error()).isNull();

            assertThat(h.rows(deal("is_deleted", won))).containsExactly(List.of(true));
            // nothing else changed, so the build took the changed deals only: the deleted one among them
            assertThat(h.rows("select built_how from meta.model_build where model = 'core.deal_enriched'"))
                    .containsExactly(List.of("incremental"));
            assertThat(h.count("select count(*) from core.deal_enriched where deal_id = " + dealId)).isZero();
            assertThat(PipedriveEndToEndTest.reported(h, "where source_system = 'zoho-test'")).isEqualTo(oracle(sandbox));

            // a third sync with nothing changed at the vendor: only the deals read again in the lookback overlap look
            // changed to the report build (no derivation re-dates rows every run)
            String synced = String.valueOf(h.rows("select max(synced_at)::varchar from core.deal").get(0).get(0));
            assertThat(h.sync(PipelineHarness.ZOHO).error()).isNull();
            Set<String> reread = h.overlap("zoho-test", "deals");
            List<List<Object>> redated = h.rows("select distinct d.source_id from core.deal d left join"
                    + " core.deal_stage_history s on s.deal_id = d.deal_id and s.origin = 'inferred'"
                    + " where d.source_system = 'zoho-test' and (d.synced_at > '" + synced + "'::timestamptz"
                    + " or s.synced_at > '" + synced + "'::timestamptz)");
            assertThat(redated).extracting(r -> (String) r.get(0)).allSatisfy(id -> assertThat(reread).contains(id));
            assertThat(h.count("select count(*) from core.deal where source_system = 'zoho-test'"))
                    .isGreaterThan(3L * redated.size());
        }
    }

    @Test
    void secondSyncReadsOnlyTheChangesAndTheDeletedFeedSinceTheCursor() throws Exception {
        try (Sandbox sandbox = zoho(SandboxOptions.defaults().withSeed(41)); PipelineHarness h = harness(sandbox, dir)) {
            ZohoSimulator zs = sandbox.zoho();
            var first = h.sync(PipelineHarness.ZOHO);
            assertThat(first.error()).isNull();
            long firstRunRequests = zs.requests();

            Business business = sandbox.business();
            List<Deal> open = business.deals().stream()
                    .filter(d -> !d.archived() && business.holder(d) == Crm.ZOHO && !business.stageOf(d).closed())
                    .sorted(Comparator.comparing(Deal::id)).toList();
            // a deal without people, so deleting it changes no lead or contact
            Deal deleted = open.stream().filter(d -> d.contactIds().isEmpty()).findFirst().orElseThrow();
            Deal changed = open.stream().filter(d -> d != deleted).findFirst().orElseThrow();
            Deal withPeople = open.stream().filter(d -> !d.contactIds().isEmpty()).findFirst().orElseThrow();
            Contact person = business.contact(withPeople.contactIds().get(0)).orElseThrow();
            assertThat(business.holds(Crm.ZOHO, person)).isTrue();
            Map<String, Set<String>> overlaps = new TreeMap<>();
            for (String m : MODULES) {
                overlaps.put(m.toLowerCase(), h.overlap("zoho-test", m.toLowerCase()));
            }
            overlaps.put("deal_stage_history", h.overlap("zoho-test", "deal_stage_history"));
            assertThat(overlaps.values().stream().mapToInt(Set::size).sum()).isLessThan(30);

            // an ordinary day: a deal changed, one added, one deleted (to the recycle bin), a contact's e-mail changed
            business.changeDealAmount(changed.id(), new BigDecimal("65432.10"));
            Deal added = business.addDeal(new NewDeal("Field Co – expansion", new BigDecimal("2500.00"), "EUR",
                    BusinessGenerator.DEFAULT_PIPELINE, "qualifiedtobuy", LocalDate.of(2027, 2, 1), changed.ownerId(),
                    changed.companyId(), List.of(), "REFERRALS"));
            assertThat(business.holder(added)).isEqualTo(Crm.ZOHO);
            zs.deleteDeal(id(deleted));
            business.changeContactEmail(person.id(), "moved.on@example.org");
            zs.resetRequestLog();

            var second = h.sync(PipelineHarness.ZOHO);
            assertThat(second.error()).isNull();
            assertThat(second.status()).isEqualTo("succeeded");

            // deals: the changed and added deal, the overlap, and the deleted one as a tombstone from /Deals/deleted
            Set<String> deals = new HashSet<>(overlaps.get("deals"));
            deals.addAll(Set.of(id(changed), id(added)));
            deals.remove(id(deleted));
            assertThat(h.rows(lastRun("records, tombstones", "deals"))).containsExactly(List.of(deals.size() + 1L, 1L));
            // stage history: one record per changed live deal, one Stage_History call each
            assertThat(h.rows(lastRun("records, tombstones", "deal_stage_history")))
                    .containsExactly(List.of((long) deals.size(), 0L));
            List<List<Object>> changedPerson = h.rows("select source_id from core.contact where source_system = "
                    + "'zoho-test' and email = 'moved.on@example.org'");
            assertThat(changedPerson).hasSize(1);
            Set<String> contacts = new HashSet<>(overlaps.get("contacts"));
            contacts.add((String) changedPerson.get(0).get(0));
            assertThat(h.rows(lastRun("records, tombstones", "contacts")))
                    .containsExactly(List.of((long) contacts.size(), 0L));
            // a quote follows its deal's Modified_Time: the changed deal's quote (if it has line items) is read again
            Set<String> quotes = new HashSet<>(overlaps.get("quotes"));
            h.rows("select _id from raw.zoho_test__quotes where payload::json ->> '$.Deal_Name.id' = '" + id(changed)
                    + "'").forEach(row -> quotes.add((String) row.get(0)));
            overlaps.put("quotes", quotes);
            // every other module: only its overlap, and its deleted feed (If-Modified-Since too) lands nothing again
            for (String m : MODULES) {
                String stream = m.toLowerCase();
                if (!Set.of("deals", "contacts").contains(stream)) {
                    assertThat(h.rows(lastRun("records, tombstones", stream))).as(stream)
                            .containsExactly(List.of((long) overlaps.get(stream).size(), 0L));
                }
            }
            // HTTP: one page of each listing and of each deleted feed; Deals three times (the first field set, the
            // further set for the page's ids, the stage-history listing); metadata as on every run; one token
            for (String m : MODULES) {
                assertThat(zs.requests("GET", "/crm/v8/" + m)).as(m).isEqualTo(m.equals("Deals") ? 3 : 1);
                assertThat(zs.requests("GET", "/crm/v8/" + m + "/deleted")).as(m).isEqualTo(1);
            }
            assertThat(zs.requestsStartingWith("/crm/v8/Deals/")).isEqualTo(deals.size() + 1L);
            assertThat(zs.requests("GET", "/crm/v8/Deals/" + id(changed) + "/Stage_History")).isEqualTo(1);
            // each module's fields once a run, for the fields stream, deal_stages and the module's own field sets
            assertThat(zs.requests("GET", "/crm/v8/settings/fields")).isEqualTo(MODULES.size());
            assertThat(zs.requests("POST", "/oauth/v2/token")).isEqualTo(1);
            // + the fields of Deals (of Calls) when this stream asked for them first
            assertThat((Long) h.rows(lastRun("http_calls", "deals")).get(0).get(0)).isBetween(3L, 4L);
            assertThat((Long) h.rows(lastRun("http_calls", "calls")).get(0).get(0)).isBetween(2L, 3L);
            assertThat(zs.requests()).isLessThan(firstRunRequests);

            // core shows every change, the deleted deal flagged
            assertThat(h.rows(deal("amount", changed))).containsExactly(List.of(new BigDecimal("65432.10")));
            assertThat(h.rows(deal("amount, currency_code, status", added)))
                    .containsExactly(List.of(new BigDecimal("2500.00"), "EUR", "open"));
            assertThat(h.rows(deal("is_deleted", deleted))).containsExactly(List.of(true));
            assertThat(h.count("select count(*) from core.contact where source_system = 'zoho-test' and email = '"
                    + person.email() + "'")).isZero();
            CrmSplitTruth truth = new CrmSplitTruth(business);
            assertThat(h.count("select count(*) from core.deal where not is_deleted and source_system = 'zoho-test'"))
                    .isEqualTo(truth.liveDeals(Crm.ZOHO));
            assertThat(h.count("select count(*) - count(distinct source_id) from core.deal")).isZero();
            assertThat(PipedriveEndToEndTest.reported(h, "where source_system = 'zoho-test'")).isEqualTo(oracle(sandbox));
            // the reports' build after this sync (by the changed deals only) left the deleted deal out too
            assertThat(h.count("select count(*) from core.deal_enriched where source_system = 'zoho-test'"))
                    .isEqualTo(truth.liveDeals(Crm.ZOHO));
            assertThat(h.count("select count(*) from core.deal_enriched where deal_id = 'zoho-test:deal:" + id(deleted)
                    + "'")).isZero();
        }
    }

    @Test
    void crmwSyncAgainstAZohoCompatibleServerNeedsOnlyTheAccountsUrlAndTheOAuthClient() throws Exception {
        try (Sandbox sandbox = zoho(SandboxOptions.defaults().withSeed(59))) {
            Map<String, String> zoho = sandbox.zoho().connectionSettings();
            Path config = CrmwProcess.config(dir, """
                        - name: zoho-main
                          type: zoho
                          accounts-url: %s
                          client-id: %s
                          client-secret: ${ZOHO_CLIENT_SECRET}
                          refresh-token: ${ZOHO_REFRESH_TOKEN}
                    """.formatted(zoho.get("accounts-url"), zoho.get("client-id")));
            Process sync = CrmwProcess.sync(config, Map.of("ZOHO_CLIENT_SECRET", zoho.get("client-secret"),
                    "ZOHO_REFRESH_TOKEN", zoho.get("refresh-token")));
            try {
                assertThat(sync.waitFor(90, TimeUnit.SECONDS)).as("crmw sync finished; log: %s", CrmwProcess.log(config))
                        .isTrue();
            } finally {
                sync.destroyForcibly();
            }
            String log = Files.readString(CrmwProcess.log(config));
            assertThat(sync.exitValue()).as("exit code; log: %s", log).isZero();
            assertThat(log).doesNotContain(zoho.get("client-secret")).doesNotContain(zoho.get("refresh-token"));

            SortedMap<YearMonth, BigDecimal> reported = new TreeMap<>();
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"), readOnly);
                 var st = c.createStatement();
                 var rs = st.executeQuery("select strftime(period_start, '%Y-%m'), sum(won_amount_rc) from reports.total_sales "
                         + "where source_system = 'zoho-main' group by 1")) {
                while (rs.next()) {
                    reported.put(YearMonth.parse(rs.getString(1)), rs.getBigDecimal(2).setScale(2));
                }
            }
            assertThat(reported).isNotEmpty().isEqualTo(oracle(sandbox));
        }
    }
}
