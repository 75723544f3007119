package io.crmw.etl.normalize.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.etl.normalize.WarehouseStepsTest;
import io.crmw.warehouse.raw.RawRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The portal's company currency and exchange rates (settings API) into core.crm_fx_rate. */
class HubspotRatesStepsTest extends WarehouseStepsTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    HubspotRatesStepsTest() {
        super(HubspotFixtures.SOURCE, "hubspot", 50);
    }

    @Test
    void exchangeRatesAreValidFromTheirDayUntilTheCurrencysNextRate() throws Exception {
        land("company_currency", new RawRecord("company-currency", null, false,
                "{\"createdAt\":\"2023-11-07T05:31:56Z\",\"id\":\"USD\"}"));
        land("exchange_rates", records("hubspot/exchange_rates.json").toArray(RawRecord[]::new));

        assertThat(run()).isEqualTo(BatchStatus.COMPLETED);

        // conversionRate = company-currency units per 1 fromCurrencyCode; of two rates effective on 2024-03-15 the later
        assertThat(rows("select rate_kind, source_id, base_currency, currency_code, rate::double, rate_quote, valid_from,"
                + " valid_to from core.crm_fx_rate order by rate_kind, currency_code, valid_from")).containsExactly(
                "hubspot_company_currency|company_currency|USD|USD|1.0|in_base|0001-01-01|9999-12-31",
                "hubspot_portal|101|USD|EUR|1.08|in_base|2024-01-01|2024-03-15",
                "hubspot_portal|103|USD|EUR|1.12|in_base|2024-03-15|9999-12-31",
                "hubspot_portal|104|USD|GBP|1.27|in_base|2024-02-01|9999-12-31");
    }

    private static List<RawRecord> records(String resource) throws IOException {
        try (InputStream in = HubspotRatesStepsTest.class.getClassLoader().getResourceAsStream(resource)) {
            List<RawRecord> out = new ArrayList<>();
            for (JsonNode r : JSON.readTree(in).path("results")) {
                out.add(new RawRecord(r.path("id").asString(), r.path("updatedAt").asString(), false, r.toString()));
            }
            return out;
        }
    }
}
