package io.crmw.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.pipeline.Transformer;
import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.Crm;
import io.crmw.sandbox.business.FxRates;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real-shaped setup: a Salesforce multi-currency org with advanced currency management (dated rates that change on
 * the 1st and the 16th of every month) and a HubSpot portal with its own exchange rates and home-currency amounts,
 * synced with a header-only fx_rates.csv (no rates of the user's). Each CRM's won sales per month in the reporting
 * currency (USD, both orgs' own currency) equal the org's own conversion to the cent, every won deal converted; the two
 * CRMs' rates differ, so the transform warns; then a user's CSV overrides both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrmOwnRatesEndToEndTest {

    static final String HEADER = "rate_date,from_currency,to_currency,rate\n";

    Path reference;
    Sandbox sandbox;
    PipelineHarness h;
    CrmSplitTruth truth;

    @BeforeAll
    void syncBothCrmsWithoutUserRates(@TempDir Path dir) throws Exception {
        reference = Files.createDirectories(dir.resolve("reference"));
        Files.writeString(reference.resolve("fx_rates.csv"), HEADER);
        sandbox = Sandbox.start(SandboxOptions.defaults().withSeed(23).withSize(1).withSearchPerSecond(25)
                .withSalesforce(true));
        h = new PipelineHarness(sandbox, dir, List.of(
                PipelineHarness.hubspot(sandbox, PipelineHarness.FAST_RETRIES),
                PipelineHarness.salesforce(sandbox, Map.of("retry-base-millis", "20", "retry-max-millis", "200"))),
                reference);
        assertThat(h.sync(PipelineHarness.SOURCE).error()).isNull();
        assertThat(h.sync(PipelineHarness.SALESFORCE).error()).isNull();
        truth = new CrmSplitTruth(sandbox.business());
    }

    @AfterAll
    void stop() {
        h.close();
        sandbox.close();
    }

    @Test
    @Order(1)
    void salesforceSalesEqualTheOrgsDatedConversionToTheCentEveryWonDealConverted() throws Exception {
        assertThat(reported("salesforce-test")).hasSizeGreaterThan(12).isEqualTo(truth.wonAmountPerMonthAsTheOrgConverts(Crm.SALESFORCE));
        assertThat(h.count("select count(*) from core.deal_enriched where source_system = 'salesforce-test'"
                + " and status = 'won' and amount_rc is not null")).isEqualTo(truth.wonDeals(Crm.SALESFORCE));
        assertThat(h.rows("select distinct fx_rate_source from core.deal_enriched where source_system = 'salesforce-test'"
                + " and status = 'won' and currency_code <> 'USD'")).containsExactly(List.of("salesforce_dated"));
        // rates change inside a month: deals of the same month converted with the rate from the 1st and from the 16th
        assertThat(h.rows("""
                select distinct day(fx_rate_valid_from) from core.deal_enriched
                where source_system = 'salesforce-test' and status = 'won' and currency_code <> 'USD'
                  and fx_rate_valid_from is not null order by 1""")).containsExactly(List.of(1L), List.of(16L));
    }

    @Test
    @Order(2)
    void hubSpotSalesEqualThePortalsOwnHomeCurrencyAmountsEveryWonDealConverted() throws Exception {
        assertThat(reported("hubspot-test")).hasSizeGreaterThan(12).isEqualTo(truth.wonAmountPerMonthAsTheOrgConverts(Crm.HUBSPOT));
        assertThat(h.count("select count(*) from core.deal_enriched where source_system = 'hubspot-test'"
                + " and status = 'won' and amount_rc is not null")).isEqualTo(truth.wonDeals(Crm.HUBSPOT));
        assertThat(h.rows("select distinct fx_rate_source from core.deal_enriched where source_system = 'hubspot-test'"
                + " and status = 'won' and currency_code <> 'USD'")).containsExactly(List.of("hubspot_home_amount"));
        assertThat(h.count("select count(*) from core.deal_enriched where fx_missing")).isZero();
    }

    @Test
    @Order(3)
    void theTwoCrmsDisagreeingOnADaysRateIsAWarningWithTheFigures() throws Exception {
        String warnings = (String) h.rows("select warnings from meta.transform_run where status = 'succeeded'"
                + " order by started_at desc limit 1").get(0).get(0);
        assertThat(warnings).contains("warning crms_disagree_on_a_rate on core.fx_rate_disagreement")
                .contains("source_a=hubspot-test, rate_kind_a=hubspot_portal")
                .contains("source_b=salesforce-test, rate_kind_b=salesforce_dated")
                .containsPattern("from_currency=(EUR|GBP), to_currency=USD");
    }

    @Test
    @Order(4)
    void aUsersCsvOverridesBothCrms() throws Exception {
        List<String> csv = List.of(HEADER.strip(), "2020-01-01,EUR,USD,1.5", "2020-01-01,GBP,USD,2.0");
        Files.write(reference.resolve("fx_rates.csv"), csv);

        assertThat(h.engine().bean(Transformer.class).transform("csv-wins").failures()).isEmpty();

        FxRates fx = FxRates.parse(csv);
        assertThat(reported("salesforce-test")).hasSizeGreaterThan(12).isEqualTo(scaled(truth.wonAmountPerMonth(Crm.SALESFORCE, "USD", fx)));
        assertThat(reported("hubspot-test")).hasSizeGreaterThan(12).isEqualTo(scaled(truth.wonAmountPerMonth(Crm.HUBSPOT, "USD", fx)));
        assertThat(h.rows("select distinct fx_rate_source from core.deal_enriched where currency_code <> 'USD'"))
                .containsExactly(List.of("user_csv"));
    }

    private SortedMap<YearMonth, BigDecimal> reported(String source) throws Exception {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        for (List<Object> row : h.rows("select strftime(period_start, '%Y-%m'), sum(won_amount_rc) from reports.total_sales"
                + " where source_system = '" + source + "' group by 1")) {
            out.put(YearMonth.parse((String) row.get(0)), ((BigDecimal) row.get(1)).setScale(2));
        }
        return out;
    }

    private static SortedMap<YearMonth, BigDecimal> scaled(SortedMap<YearMonth, BigDecimal> in) {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, v.setScale(2)));
        return out;
    }
}
