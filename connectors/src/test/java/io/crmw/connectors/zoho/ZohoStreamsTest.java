package io.crmw.connectors.zoho;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.crmw.connectors.WireMockVendorTest;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.raw.RawRecord;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Zoho CRM v8 against two WireMock servers: the accounts server (token) and the API host its token names. */
class ZohoStreamsTest extends WireMockVendorTest<ZohoConnector> {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String DEALS = "/crm/v8/Deals";
    private static final String LIST = "per_page=200&sort_by=Modified_Time&sort_order=asc";
    private static final String TOKEN_1 = "1000.access-one";
    private static final String TOKEN_2 = "1000.access-two";

    final WireMockServer accounts = startedWireMock();
    final WireMockServer api = startedWireMock();

    @Override
    protected ZohoConnector newConnector() {
        return new ZohoConnector(clock);
    }

    @AfterEach
    void everyApiCallCarriedAZohoTokenNeverBearer() {
        for (ServeEvent e : api.getAllServeEvents()) {
            assertThat(e.getRequest().getHeader("Authorization")).as(e.getRequest().getUrl())
                    .startsWith("Zoho-oauthtoken ");
        }
    }

    private SourceConfig config(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("accounts-url", accounts.baseUrl(), "client-id", "1000.CLIENT"));
        settings.putAll(extra);
        return new SourceConfig("zoho-main", "zoho", null, settings,
                Map.of("client-secret", new Secret("${ZOHO_CLIENT_SECRET}", "zs-secret"),
                        "refresh-token", new Secret("${ZOHO_REFRESH_TOKEN}", "1000.refresh")),
                List.of(), Optional.empty());
    }

    private Stream stream(String name) {
        return stream(config(Map.of()), name);
    }

    private void tokens(String... accessTokens) {
        for (int i = 0; i < accessTokens.length; i++) {
            ScenarioMappingBuilder token = post(urlPathEqualTo("/oauth/v2/token")).inScenario("tokens")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "issued-" + i);
            if (i + 1 < accessTokens.length) { // the last token is issued to every later refresh
                token = token.willSetStateTo("issued-" + (i + 1));
            }
            accounts.stubFor(token.willReturn(okJson("{\"access_token\":\"" + accessTokens[i] + "\",\"api_domain\":\"" + api.baseUrl()
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        }
    }

    private static String fixture(String name) {
        return fixture("zoho", name);
    }

    private static JsonNode payload(RawRecord r) {
        return MAPPER.readTree(r.payload());
    }

    private static List<RawRecord> records(List<Page> pages) {
        return pages.stream().flatMap(p -> p.records().stream()).toList();
    }

    private List<String> requests() {
        return servedInOrder(api).stream()
                .map(e -> URLDecoder.decode(e.getRequest().getUrl(), StandardCharsets.UTF_8)).toList();
    }

    private static MappingBuilder dealsList() {
        return get(urlPathEqualTo(DEALS)).withQueryParam("ids", absent());
    }

    private void stubDeals() {
        tokens(TOKEN_1);
        api.stubFor(get(urlPathEqualTo("/crm/v8/settings/fields")).withQueryParam("module", equalTo("Deals"))
                .willReturn(okJson(fixture("deal-fields.json"))));
        api.stubFor(dealsList().withQueryParam("page_token", absent()).willReturn(okJson(fixture("deals-page1.json"))));
        api.stubFor(dealsList().withQueryParam("page_token", equalTo("c8582e7a7b12f1"))
                .willReturn(okJson(fixture("deals-page2.json"))));
        api.stubFor(get(urlPathEqualTo(DEALS + "/deleted")).willReturn(okJson(fixture("deals-deleted.json"))));
    }

    @Test
    void offersTheDocumentedStreamsWithRecordListsIncremental() {
        List<Stream> streams = connector.streams(config(Map.of()), http(config(Map.of())));

        assertThat(streams).extracting(Stream::name).containsExactly("org", "users", "roles", "currencies", "fields",
                "pipelines", "deal_stages", "leads", "contacts", "accounts", "deals", "calls", "tasks", "events",
                "campaigns", "products", "sales_orders", "quotes", "invoices", "deal_stage_history");
        assertThat(streams).filteredOn(s -> s.mode() == SyncMode.INCREMENTAL).hasSize(13);
    }

    @Test
    void theDealsFieldsAreReadOncePerRunForTheDealsTheirStagesAndTheFieldsStream() throws Exception {
        stubDeals();
        SourceConfig config = config(Map.of());
        List<Stream> run = connector.streams(config, http(config));

        List<RawRecord> deals = records(readAll(run.stream().filter(s -> s.name().equals("deals")).findFirst()
                .orElseThrow(), null));
        List<RawRecord> stages = records(readAll(run.stream().filter(s -> s.name().equals("deal_stages")).findFirst()
                .orElseThrow(), null));

        assertThat(deals).isNotEmpty();
        assertThat(stages).extracting(RawRecord::id).contains("Closed Won"); // from the answer the deals stream fetched
        assertThat(requests()).filteredOn(u -> u.startsWith("/crm/v8/settings/fields"))
                .containsExactly("/crm/v8/settings/fields?module=Deals");
    }

    @Test
    void dealsPageWithPageTokensFromTheTokensApiDomainThenTheDeletedFeedLandsTombstones() throws Exception {
        stubDeals();

        List<Page> pages = readAll(stream("deals"), null);

        assertThat(pages).extracting(Page::last).containsExactly(false, false, true);
        assertThat(records(pages)).extracting(RawRecord::id, RawRecord::deleted, RawRecord::cursor).containsExactly(
                tuple("4876876000000543001", false, "2024-05-20T16:03:11+02:00"),
                tuple("4876876000000543002", false, "2024-05-20T18:00:00+02:00"),
                tuple("4876876000000543003", false, "2024-05-21T09:30:00+02:00"),
                tuple("4876876000000543777", true, null));
        assertThat(payload(records(pages).get(3)).path("deleted_time").asString()).isEqualTo("2024-05-21T09:45:02+02:00");
        String fields = "fields=id,Modified_Time,Deal_Name,Stage,Amount";
        // past page 10 (2,000 records) only page_token works: the list never sends page=
        assertThat(requests()).containsExactly(
                "/crm/v8/settings/fields?module=Deals",
                DEALS + "?" + LIST + "&" + fields,
                DEALS + "?" + LIST + "&" + fields + "&page_token=c8582e7a7b12f1",
                DEALS + "/deleted?type=all&per_page=200&page=1");
        assertThat(accounts.getAllServeEvents()).hasSize(1);
        assertThat(accounts.getAllServeEvents().get(0).getRequest().getBodyAsString())
                .contains("grant_type=refresh_token").contains("client_id=1000.CLIENT");
        assertThat(api.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getHeader("Authorization"))
                .isEqualTo("Zoho-oauthtoken " + TOKEN_1));
        // the next run starts at the greatest Modified_Time seen (07:30Z) minus the 10-minute lookback
        assertThat(MAPPER.readTree(pages.get(2).cursorAfter()).path("since").asString()).isEqualTo("2024-05-21T07:20:00Z");
    }

    @Test
    void theNextRunSendsIfModifiedSinceAndA304And204AreEmptyResults() throws Exception {
        stubDeals();
        List<Page> first = readAll(stream("deals"), null);
        api.resetAll();
        api.stubFor(get(urlPathEqualTo("/crm/v8/settings/fields")).willReturn(okJson(fixture("deal-fields.json"))));
        api.stubFor(dealsList().withHeader("If-Modified-Since", equalTo("2024-05-21T07:20:00+00:00"))
                .willReturn(status(304)));
        api.stubFor(get(urlPathEqualTo(DEALS + "/deleted")).willReturn(status(204)));

        List<Page> second = readAll(stream("deals"), first.get(first.size() - 1).cursorAfter());

        assertThat(second).extracting(p -> p.records().size()).containsExactly(0, 0);
        assertThat(second.get(1).last()).isTrue();
        assertThat(api.getAllServeEvents()).hasSize(3); // fields, 304, 204: neither retried as malformed
        assertThat(MAPPER.readTree(second.get(1).cursorAfter()).path("since").asString()).isEqualTo("2024-05-21T07:20:00Z");
    }

    @Test
    void aTwoHundredWithoutRecordsIsMalformedNotEmpty() {
        stubDeals();
        api.stubFor(dealsList().willReturn(okJson("{}")));

        assertThatThrownBy(() -> stream("deals").read(null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("not a page").satisfies(e -> assertThat(((SourceException) e).resumable()).isTrue());
    }

    @Test
    void moreThanFiftyFieldsAreReadForThePagesIdsInSetsOfFiftyAndMergedById() throws Exception {
        tokens(TOKEN_1);
        List<String> names = IntStream.rangeClosed(1, 120).mapToObj(i -> "Field_" + i).toList();
        ObjectNode fieldList = MAPPER.createObjectNode();
        ArrayNode list = fieldList.putArray("fields");
        names.forEach(n -> list.addObject().put("api_name", n).put("data_type", "text"));
        api.stubFor(get(urlPathEqualTo("/crm/v8/settings/fields")).willReturn(okJson(fieldList.toString())));
        api.stubFor(dealsList().willReturn(okJson(fixture("deals-page2.json"))));
        String id = "4876876000000543003";
        api.stubFor(get(urlPathEqualTo(DEALS)).withQueryParam("ids", equalTo(id))
                .withQueryParam("fields", containing("Field_49"))
                .willReturn(okJson("{\"data\":[{\"id\":\"" + id + "\",\"Field_49\":\"b\",\"Field_97\":\"b-last\"}],"
                        + "\"info\":{\"more_records\":false}}")));
        api.stubFor(get(urlPathEqualTo(DEALS)).withQueryParam("ids", equalTo(id))
                .withQueryParam("fields", containing("Field_98"))
                .willReturn(okJson("{\"data\":[{\"id\":\"" + id + "\",\"Field_98\":\"c\",\"Field_120\":\"c-last\"}],"
                        + "\"info\":{\"more_records\":false}}")));
        api.stubFor(get(urlPathEqualTo(DEALS + "/deleted")).willReturn(status(204)));

        List<RawRecord> landed = records(readAll(stream("deals"), null));

        assertThat(landed).hasSize(1);
        JsonNode deal = payload(landed.get(0));
        assertThat(deal.path("Deal_Name").asString()).isEqualTo("Initech – new");
        assertThat(deal.path("Field_49").asString()).isEqualTo("b");
        assertThat(deal.path("Field_97").asString()).isEqualTo("b-last");
        assertThat(deal.path("Field_120").asString()).isEqualTo("c-last");
        List<String> fieldParams = servedInOrder(api).stream()
                .filter(e -> e.getRequest().getUrl().startsWith(DEALS + "?"))
                .map(e -> e.getRequest().queryParameter("fields").firstValue()).toList();
        assertThat(fieldParams).hasSize(3);
        assertThat(fieldParams).allSatisfy(f -> assertThat(f.split(",")).hasSizeLessThanOrEqualTo(50).contains("id"));
        assertThat(fieldParams.get(0).split(",")).hasSize(50).startsWith("id", "Modified_Time", "Field_1");
        assertThat(String.join(",", fieldParams).split(",")).filteredOn(f -> f.startsWith("Field_")).hasSize(120);
    }

    @Test
    void anInvalidTokenIsRefreshedOnceAndTheCallRetried() throws Exception {
        stubDeals();
        tokens(TOKEN_1, TOKEN_2);
        api.stubFor(get(urlPathEqualTo("/crm/v8/settings/fields")).withHeader("Authorization", equalTo("Zoho-oauthtoken " + TOKEN_1))
                .willReturn(jsonResponse(fixture("error-invalid-token.json"), 401)));

        List<Page> pages = readAll(stream("deals"), null);

        assertThat(records(pages)).hasSize(4);
        assertThat(accounts.getAllServeEvents()).hasSize(2);
        assertThat(servedInOrder(api)).extracting(e -> e.getRequest().getHeader("Authorization")).containsExactly(
                "Zoho-oauthtoken " + TOKEN_1, "Zoho-oauthtoken " + TOKEN_2, "Zoho-oauthtoken " + TOKEN_2,
                "Zoho-oauthtoken " + TOKEN_2, "Zoho-oauthtoken " + TOKEN_2);
    }

    @Test
    void aSecondInvalidTokenInARowStopsWithoutRefreshingAgain() {
        tokens(TOKEN_1, TOKEN_2, "1000.access-three");
        api.stubFor(get(anyUrl()).willReturn(jsonResponse(fixture("error-invalid-token.json"), 401)));

        assertThatThrownBy(() -> stream("deals").read(null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("401").hasMessageContaining("INVALID_TOKEN")
                .hasMessageNotContaining("zs-secret").hasMessageNotContaining("1000.refresh");
        assertThat(accounts.getAllServeEvents()).hasSize(2);
        assertThat(api.getAllServeEvents()).hasSize(2);
    }

    @Test
    void apiUrlWinsOverTheTokensApiDomain() throws Exception {
        WireMockServer configured = startedWireMock();
        tokens(TOKEN_1); // names api as api_domain
        configured.stubFor(get(urlPathEqualTo("/crm/v8/org")).willReturn(okJson(
                "{\"org\":[{\"id\":\"4876876000000000001\",\"currency\":\"EUR\",\"time_zone\":\"Europe/Berlin\"}]}")));

        List<Page> pages = readAll(stream(config(Map.of("api-url", configured.baseUrl())), "org"), null);

        assertThat(records(pages)).extracting(RawRecord::id).containsExactly("4876876000000000001");
        assertThat(api.getAllServeEvents()).isEmpty();
        assertThat(configured.getAllServeEvents().get(0).getRequest().getHeader("Authorization"))
                .isEqualTo("Zoho-oauthtoken " + TOKEN_1);
    }

    @Test
    void spentDailyCreditsStopTheRunResumablyWithoutRetrying() {
        stubDeals();
        api.stubFor(dealsList().willReturn(jsonResponse(fixture("error-credits-spent.json"), 429)));

        assertThatThrownBy(() -> stream("deals").read(null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("API credits").hasMessageContaining("resumes")
                .satisfies(e -> assertThat(((SourceException) e).resumable()).isTrue());
        assertThat(requests()).filteredOn(u -> u.startsWith(DEALS + "?")).hasSize(1);
    }

    @Test
    void tooManyRequestsIsRetriedWithBackoff() throws Exception {
        stubDeals();
        api.stubFor(dealsList().withQueryParam("page_token", absent()).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("calm").willReturn(jsonResponse(fixture("error-too-many-requests.json"), 429)));
        api.stubFor(dealsList().withQueryParam("page_token", absent()).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(okJson(fixture("deals-page1.json"))));

        Page page = stream("deals").read(null);

        assertThat(page.records()).extracting(RawRecord::id).containsExactly("4876876000000543001", "4876876000000543002");
        assertThat(requests()).filteredOn(u -> u.startsWith(DEALS + "?")).hasSize(2);
    }

    @Test
    void dealStageHistoryIsOneRecordPerChangedDeal() throws Exception {
        tokens(TOKEN_1);
        api.stubFor(dealsList().willReturn(okJson(fixture("deals-page2.json").replace("543003", "543001"))));
        api.stubFor(get(urlPathEqualTo(DEALS + "/4876876000000543001/Stage_History"))
                .willReturn(okJson(fixture("stage-history-543001.json"))));

        List<RawRecord> landed = records(readAll(stream("deal_stage_history"), null));

        assertThat(landed).extracting(RawRecord::id, RawRecord::cursor)
                .containsExactly(tuple("4876876000000543001", "2024-05-21T09:30:00+02:00"));
        JsonNode history = payload(landed.get(0));
        assertThat(history.path("deal_id").asString()).isEqualTo("4876876000000543001");
        assertThat(history.path("data")).extracting(e -> e.path("Stage").asString())
                .containsExactly("Qualification", "Closed Won");
        assertThat(requests()).contains(DEALS + "?fields=id,Modified_Time&" + LIST);
    }

    @Test
    void fieldsKnowTheirModuleAndDealStagesComeFromTheStagePicklist() throws Exception {
        tokens(TOKEN_1);
        api.stubFor(get(urlPathEqualTo("/crm/v8/settings/fields")).willReturn(okJson(fixture("deal-fields.json"))));

        List<RawRecord> fields = records(readAll(stream("fields"), null));
        List<RawRecord> stages = records(readAll(stream("deal_stages"), null));

        assertThat(fields).hasSize(4 * ZohoConnector.MODULES.size());
        assertThat(fields).extracting(RawRecord::id).startsWith("Leads:Deal_Name").contains("Invoices:Stage");
        assertThat(payload(fields.get(0)).path("module").asString()).isEqualTo("Leads");
        assertThat(stages).extracting(RawRecord::id).containsExactly("Qualification", "Closed Won");
        assertThat(payload(stages.get(1)).path("probability").asInt()).isEqualTo(100);
    }
}
