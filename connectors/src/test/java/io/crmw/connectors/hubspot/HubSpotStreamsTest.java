package io.crmw.connectors.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.raw.RawRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class HubSpotStreamsTest extends HubSpotTestSupport {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String SEARCH = "/crm/v3/objects/deals/search";
    /** A search pass over all of history, as stored by versions that read first loads with search too. */
    private static final String SEARCH_FROM_START = "{\"since\":0,\"lastId\":0,\"phase\":\"live\"}";

    @BeforeEach
    void stubAssociationsEmptyByDefault() {
        server.stubFor(post(urlMatching("/crm/v4/associations/.*")).atPriority(10)
                .willReturn(okJson("{\"status\":\"COMPLETE\",\"results\":[]}")));
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/deals")).withQueryParam("archived", equalTo("true"))
                .atPriority(10).willReturn(okJson("{\"results\":[]}")));
    }

    private void stubDealsTwoPages() {
        server.stubFor(get("/crm/v3/properties/deals").willReturn(okJson(fixture("deals-properties.json"))));
        server.stubFor(post(SEARCH).withRequestBody(notContaining("\"after\""))
                .willReturn(okJson(fixture("deals-search-page1.json"))));
        server.stubFor(post(SEARCH).withRequestBody(matchingJsonPath("$.after", equalTo("2")))
                .willReturn(okJson(fixture("deals-search-page2.json"))));
        server.stubFor(post("/crm/v4/associations/deals/companies/batch/read")
                .willReturn(okJson(fixture("deals-associations-companies.json"))));
        server.stubFor(post("/crm/v4/associations/deals/contacts/batch/read")
                .willReturn(okJson(fixture("deals-associations-contacts.json"))));
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/deals")).withQueryParam("archived", equalTo("true"))
                .willReturn(okJson(fixture("deals-archived.json"))));
    }

    private static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    @Test
    void dealsSearchPagesThenArchivedPhaseThenNextRunCursor() throws Exception {
        stubDealsTwoPages();
        Stream deals = stream(tokenConfig(), "deals");
        assertThat(deals.mode()).isEqualTo(SyncMode.INCREMENTAL);

        List<Page> pages = readAll(deals, SEARCH_FROM_START);

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).records()).extracting(RawRecord::id).containsExactly("18231", "18232");
        assertThat(pages.get(1).records()).extracting(RawRecord::id).containsExactly("18240");
        RawRecord acme = pages.get(0).records().get(0);
        assertThat(acme.deleted()).isFalse();
        assertThat(acme.cursor()).isEqualTo("2024-05-20T14:03:11.501Z");
        JsonNode payload = json(acme.payload());
        assertThat(payload.path("properties").path("region_custom").asString()).isEqualTo("EMEA");
        assertThat(payload.path("properties").path("amount").asString()).isEqualTo("25000");
        assertThat(payload.path("associations").path("companies").toString()).isEqualTo("[\"7001\"]");
        assertThat(payload.path("associations").path("contacts").toString()).isEqualTo("[\"551\",\"552\"]");
        JsonNode globex = json(pages.get(0).records().get(1).payload());
        assertThat(globex.path("associations").path("companies").size()).isZero();
        assertThat(globex.path("properties").path("region_custom").isNull()).isTrue();

        // first full run: since = 0, so every archived record becomes a tombstone
        Page archived = pages.get(2);
        assertThat(archived.last()).isTrue();
        assertThat(archived.records()).extracting(RawRecord::id).containsExactly("17001", "16001");
        assertThat(archived.records()).allMatch(RawRecord::deleted);
        assertThat(archived.records().get(0).cursor()).isEqualTo("2024-05-20T15:00:00.12Z");

        JsonNode next = json(archived.cursorAfter());
        long expectedSince = Instant.parse("2024-05-21T07:00:00.500Z").toEpochMilli() - 10 * 60_000;
        assertThat(next.path("since").asLong()).isEqualTo(expectedSince);
        assertThat(next.path("lastId").asLong()).isZero();
        assertThat(next.path("phase").asString()).isEqualTo("live");

        JsonNode firstSearch = json(server.findAll(postRequestedFor(urlEqualTo(SEARCH))).get(0).getBodyAsString());
        assertThat(firstSearch.path("filterGroups").get(0).path("filters").toString()).isEqualTo(
                "[{\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"GTE\",\"value\":\"0\"},"
                        + "{\"propertyName\":\"hs_object_id\",\"operator\":\"GT\",\"value\":\"0\"}]");
        assertThat(firstSearch.path("sorts").toString())
                .isEqualTo("[{\"propertyName\":\"hs_object_id\",\"direction\":\"ASCENDING\"}]");
        assertThat(firstSearch.path("limit").asInt()).isEqualTo(200);
        assertThat(firstSearch.path("properties").toString()).contains("\"region_custom\"").doesNotContain("old_field");
        server.verify(1, getRequestedFor(urlEqualTo("/crm/v3/properties/deals")));
        server.verify(postRequestedFor(urlEqualTo("/crm/v4/associations/deals/companies/batch/read"))
                .withRequestBody(equalToJson("{\"inputs\":[{\"id\":\"18231\"},{\"id\":\"18232\"}]}")));
    }

    @Test
    void firstLoadListsHundredPerPageWithAssociationsInlineAndReadsOnlyPagedAssociationListsInBatch() throws Exception {
        server.stubFor(get("/crm/v3/properties/deals").willReturn(okJson(fixture("deals-properties.json"))));
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/deals")).withQueryParam("archived", equalTo("false"))
                .withQueryParam("associations", equalTo("companies,contacts")).withQueryParam("limit", equalTo("100"))
                .withQueryParam("after", absent()).willReturn(okJson(fixture("deals-list-page1.json"))));
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/deals")).withQueryParam("archived", equalTo("false"))
                .withQueryParam("after", equalTo("18240")).willReturn(okJson(fixture("deals-list-page2.json"))));
        server.stubFor(post("/crm/v4/associations/deals/contacts/batch/read")
                .willReturn(okJson(fixture("deals-associations-contacts.json"))));
        Stream deals = stream(tokenConfig(), "deals");

        List<Page> pages = readAll(deals, null);

        assertThat(pages).hasSize(3); // two list pages, then the (empty) archived listing
        assertThat(pages.get(0).records()).extracting(RawRecord::id).containsExactly("18231", "18232");
        assertThat(pages.get(1).records()).extracting(RawRecord::id).containsExactly("18240");
        JsonNode acme = json(pages.get(0).records().get(0).payload());
        assertThat(acme.path("properties").path("region_custom").asString()).isEqualTo("EMEA");
        assertThat(acme.path("associations").path("companies").toString()).isEqualTo("[\"7001\"]");
        // the inline contacts list was paged: read whole through the v4 batch endpoint, for this record alone
        assertThat(acme.path("associations").path("contacts").toString()).isEqualTo("[\"551\",\"552\"]");
        JsonNode globex = json(pages.get(0).records().get(1).payload());
        assertThat(globex.path("associations").path("companies").size()).isZero();
        assertThat(globex.path("associations").path("contacts").size()).isZero();
        JsonNode initech = json(pages.get(1).records().get(0).payload());
        assertThat(initech.path("associations").path("companies").toString()).isEqualTo("[\"7002\"]");
        assertThat(pages.get(0).records().get(0).cursor()).isEqualTo("2024-05-20T14:03:11.501Z");
        JsonNode next = json(pages.get(2).cursorAfter());
        long expectedSince = Instant.parse("2024-05-21T07:00:00.500Z").toEpochMilli() - 10 * 60_000;
        assertThat(next.path("since").asLong()).isEqualTo(expectedSince);
        assertThat(next.path("phase").asString()).isEqualTo("live");

        server.verify(0, postRequestedFor(urlEqualTo(SEARCH)));
        server.verify(0, postRequestedFor(urlEqualTo("/crm/v4/associations/deals/companies/batch/read")));
        server.verify(postRequestedFor(urlEqualTo("/crm/v4/associations/deals/contacts/batch/read"))
                .withRequestBody(equalToJson("{\"inputs\":[{\"id\":\"18231\"}]}")));
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/crm/v3/objects/deals"))
                .withQueryParam("archived", equalTo("false"))).get(0).queryParameter("properties").firstValue())
                .contains("region_custom").doesNotContain("old_field");
    }

    @Test
    void anIncrementalPassStartsWithOneNewestFirstSearchThatHoldsTheCountAndASmallWindow() throws Exception {
        server.stubFor(get("/crm/v3/properties/deals").willReturn(okJson(fixture("deals-properties.json"))));
        server.stubFor(post(SEARCH).withRequestBody(matchingJsonPath("$.sorts[0].direction", equalTo("DESCENDING")))
                .willReturn(okJson(fixture("deals-search-newest.json"))));
        server.stubFor(post("/crm/v4/associations/deals/companies/batch/read")
                .willReturn(okJson(fixture("deals-associations-companies.json"))));
        long since = Instant.parse("2024-05-20T00:00:00Z").toEpochMilli();
        Stream deals = stream(tokenConfig(), "deals");

        List<Page> pages = readAll(deals, "{\"since\":" + since + ",\"lastId\":0,\"phase\":\"live\"}");

        // the page reaches back past since (Globex, 2024-05-10, is older): it holds the whole window
        assertThat(pages.get(0).records()).extracting(RawRecord::id).containsExactly("18240", "18231");
        assertThat(json(pages.get(0).records().get(1).payload()).path("associations").path("companies").toString())
                .isEqualTo("[\"7001\"]");
        assertThat(deals.countFromPass()).hasValue(57);
        server.verify(1, postRequestedFor(urlEqualTo(SEARCH)));
        JsonNode probe = json(server.findAll(postRequestedFor(urlEqualTo(SEARCH))).get(0).getBodyAsString());
        assertThat(probe.has("filterGroups")).isFalse();
        assertThat(probe.path("sorts").toString())
                .isEqualTo("[{\"propertyName\":\"hs_lastmodifieddate\",\"direction\":\"DESCENDING\"}]");
        assertThat(probe.path("limit").asInt()).isEqualTo(200);
        assertThat(json(pages.get(pages.size() - 1).cursorAfter()).path("since").asLong())
                .isEqualTo(Instant.parse("2024-05-21T07:00:00.500Z").toEpochMilli() - 10 * 60_000);
    }

    @Test
    void aWindowLargerThanTheNewestFirstPageIsReadByTheIdOrderedSearch() throws Exception {
        stubDealsTwoPages();
        server.stubFor(post(SEARCH).withRequestBody(matchingJsonPath("$.sorts[0].direction", equalTo("DESCENDING")))
                .atPriority(1).willReturn(okJson(fixture("deals-search-newest.json"))));
        long since = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli(); // all three of the page are newer

        List<Page> pages = readAll(stream(tokenConfig(), "deals"), "{\"since\":" + since
                + ",\"lastId\":0,\"phase\":\"live\"}");

        assertThat(pages.get(0).records()).extracting(RawRecord::id).containsExactly("18231", "18232");
        assertThat(pages.get(1).records()).extracting(RawRecord::id).containsExactly("18240");
        List<String> bodies = server.findAll(postRequestedFor(urlEqualTo(SEARCH))).stream()
                .map(r -> r.getBodyAsString()).toList();
        assertThat(bodies).hasSize(3); // the newest-first page (not landed), then the window's two pages
        assertThat(json(bodies.get(1)).path("filterGroups").get(0).path("filters").get(0).path("value").asString())
                .isEqualTo(Long.toString(since));
    }

    @Test
    void resumingFromPageOnesCursorGivesTheSamePageTwo() throws Exception {
        stubDealsTwoPages();
        List<Page> continuous = readAll(stream(tokenConfig(), "deals"), SEARCH_FROM_START);
        Page resumed = stream(tokenConfig(), "deals").read(continuous.get(0).cursorAfter()); // new process, same cursor
        assertThat(resumed).isEqualTo(continuous.get(1));
        assertThat(readAll(stream(tokenConfig(), "deals"), continuous.get(0).cursorAfter()))
                .isEqualTo(continuous.subList(1, continuous.size()));
    }

    @Test
    void archivedPhaseEmitsTombstonesOnlyForRecentlyArchived() throws Exception {
        stubDealsTwoPages();
        long since = Instant.parse("2024-05-20T00:00:00Z").toEpochMilli();
        String cursor = "{\"since\":" + since + ",\"lastId\":0,\"after\":null,\"passStart\":" + NOW.toEpochMilli()
                + ",\"maxSeen\":null,\"phase\":\"archived\"}";
        Page page = stream(tokenConfig(), "deals").read(cursor);
        assertThat(page.records()).extracting(RawRecord::id).containsExactly("17001");
        assertThat(page.records().get(0).deleted()).isTrue();
        assertThat(json(page.records().get(0).payload()).path("archivedAt").asString()).isEqualTo("2024-05-20T15:00:00.12Z");
        assertThat(page.last()).isTrue();
        assertThat(json(page.cursorAfter()).path("since").asLong()).isEqualTo(since); // nothing seen: since stays
    }

    @Test
    void restartsTheSearchFromTheLastIdBeforeTheTenThousandCap() throws Exception {
        server.stubFor(get("/crm/v3/properties/deals").willReturn(okJson(fixture("deals-properties.json"))));
        server.stubFor(post(SEARCH).withRequestBody(matchingJsonPath("$.after")).atPriority(5)
                .willReturn(aResponse().withStatus(400).withBody("{\"status\":\"error\",\"message\":\"beyond 10000\"}")));
        server.stubFor(post(SEARCH).withRequestBody(notContaining("\"after\""))
                .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[1].value", equalTo("0")))
                .willReturn(okJson(searchPage("9800", 100, 200))));
        server.stubFor(post(SEARCH).withRequestBody(matchingJsonPath("$.after", equalTo("9800"))).atPriority(1)
                .willReturn(okJson(searchPage("10000", 300))));
        server.stubFor(post(SEARCH).withRequestBody(notContaining("\"after\""))
                .withRequestBody(matchingJsonPath("$.filterGroups[0].filters[1].value", equalTo("300")))
                .willReturn(okJson(searchPage(null, 400))));

        List<Page> pages = readAll(stream(tokenConfig(), "deals"), SEARCH_FROM_START);

        assertThat(pages.stream().flatMap(p -> p.records().stream()).filter(r -> !r.deleted()).map(RawRecord::id))
                .containsExactly("100", "200", "300", "400");
        for (LoggedRequest r : server.findAll(postRequestedFor(urlEqualTo(SEARCH)))) {
            JsonNode body = json(r.getBodyAsString());
            if (body.has("after")) {
                assertThat(Long.parseLong(body.path("after").asString()) + body.path("limit").asLong()).isLessThanOrEqualTo(10_000);
            }
        }
        server.verify(3, postRequestedFor(urlEqualTo(SEARCH)));
    }

    private static String searchPage(String after, long... ids) {
        StringBuilder sb = new StringBuilder("{\"total\":12000,\"results\":[");
        for (int i = 0; i < ids.length; i++) {
            sb.append(i > 0 ? "," : "").append("{\"id\":\"").append(ids[i]).append("\",\"properties\":{\"hs_object_id\":\"")
                    .append(ids[i]).append("\",\"hs_lastmodifieddate\":\"2024-05-0").append(1 + i)
                    .append("T00:00:00Z\"},\"createdAt\":\"2024-01-01T00:00:00Z\",\"updatedAt\":\"2024-05-01T00:00:00Z\",\"archived\":false}");
        }
        sb.append("]");
        if (after != null) {
            sb.append(",\"paging\":{\"next\":{\"after\":\"").append(after).append("\"}}");
        }
        return sb.append("}").toString();
    }

    @Test
    void longPropertyListsUseBatchReadAndChunkedArchivedQueries() throws Exception {
        List<String> names = IntStream.range(0, 400).mapToObj(i -> String.format("custom_property_number_%04d", i)).toList();
        StringBuilder props = new StringBuilder("{\"results\":[");
        for (int i = 0; i < names.size(); i++) {
            props.append(i > 0 ? "," : "").append("{\"name\":\"").append(names.get(i))
                    .append("\",\"label\":\"L\",\"type\":\"string\",\"fieldType\":\"text\",\"groupName\":\"g\",\"archived\":false}");
        }
        props.append("]}");
        server.stubFor(get("/crm/v3/properties/deals").willReturn(okJson(props.toString())));
        server.stubFor(post(SEARCH).willReturn(okJson(searchPage(null, 100, 200))));
        server.stubFor(post("/crm/v3/objects/deals/batch/read").willReturn(okJson(
                "{\"status\":\"COMPLETE\",\"results\":["
                        + "{\"id\":\"200\",\"properties\":{\"hs_object_id\":\"200\",\"custom_property_number_0399\":\"b\"},\"createdAt\":\"2024-01-01T00:00:00Z\",\"updatedAt\":\"2024-05-02T00:00:00Z\",\"archived\":false},"
                        + "{\"id\":\"100\",\"properties\":{\"hs_object_id\":\"100\",\"custom_property_number_0000\":\"a\"},\"createdAt\":\"2024-01-01T00:00:00Z\",\"updatedAt\":\"2024-05-01T00:00:00Z\",\"archived\":false}"
                        + "],\"startedAt\":\"2024-05-21T07:00:00Z\",\"completedAt\":\"2024-05-21T07:00:00Z\"}")));
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/deals")).withQueryParam("archived", equalTo("true"))
                .withQueryParam("properties", containing("custom_property_number_0000"))
                .willReturn(okJson("{\"results\":[{\"id\":\"9\",\"properties\":{\"custom_property_number_0000\":\"x\"},\"archived\":true,\"archivedAt\":\"2024-05-20T00:00:00Z\"}]}")));
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/deals")).withQueryParam("archived", equalTo("true"))
                .withQueryParam("properties", containing("custom_property_number_0399"))
                .willReturn(okJson("{\"results\":[{\"id\":\"9\",\"properties\":{\"custom_property_number_0399\":\"y\"},\"archived\":true,\"archivedAt\":\"2024-05-20T00:00:00Z\"}]}")));

        List<Page> pages = readAll(stream(tokenConfig(), "deals"), SEARCH_FROM_START);

        JsonNode search = json(server.findAll(postRequestedFor(urlEqualTo(SEARCH))).get(0).getBodyAsString());
        assertThat(search.path("properties").toString()).isEqualTo("[\"hs_object_id\",\"hs_lastmodifieddate\"]");
        assertThat(server.findAll(postRequestedFor(urlEqualTo(SEARCH))).get(0).getBodyAsString().length()).isLessThan(3000);
        JsonNode batch = json(server.findAll(postRequestedFor(urlEqualTo("/crm/v3/objects/deals/batch/read"))).get(0).getBodyAsString());
        assertThat(batch.path("properties").size()).isEqualTo(402);
        assertThat(batch.path("inputs").toString()).isEqualTo("[{\"id\":\"100\"},{\"id\":\"200\"}]");
        assertThat(pages.get(0).records()).extracting(RawRecord::id).containsExactly("100", "200");
        assertThat(json(pages.get(0).records().get(1).payload()).path("properties").path("custom_property_number_0399").asString())
                .isEqualTo("b");

        List<LoggedRequest> archivedGets = server.findAll(getRequestedFor(urlPathEqualTo("/crm/v3/objects/deals")));
        assertThat(archivedGets).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> assertThat(r.getUrl().length()).isLessThan(8_000));
        RawRecord tombstone = pages.get(pages.size() - 1).records().get(0);
        assertThat(tombstone.deleted()).isTrue();
        JsonNode merged = json(tombstone.payload()).path("properties");
        assertThat(merged.path("custom_property_number_0000").asString()).isEqualTo("x");
        assertThat(merged.path("custom_property_number_0399").asString()).isEqualTo("y");
    }

    @Test
    void contactsFilterOnLastmodifieddate() throws Exception {
        server.stubFor(get("/crm/v3/properties/contacts").willReturn(okJson(
                "{\"results\":[{\"name\":\"email\",\"archived\":false},{\"name\":\"lastmodifieddate\",\"archived\":false}]}")));
        server.stubFor(post("/crm/v3/objects/contacts/search").willReturn(okJson(
                "{\"total\":1,\"results\":[{\"id\":\"551\",\"properties\":{\"email\":\"jane.doe@example.com\",\"hs_object_id\":\"551\","
                        + "\"lastmodifieddate\":\"2024-05-20T10:00:00.000Z\"},\"createdAt\":\"2024-03-01T08:00:00.000Z\","
                        + "\"updatedAt\":\"2024-05-20T10:00:00.000Z\",\"archived\":false}]}")));
        server.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts")).willReturn(okJson("{\"results\":[]}")));
        Page page = stream(tokenConfig(), "contacts").read(SEARCH_FROM_START);
        assertThat(page.records().get(0).cursor()).isEqualTo("2024-05-20T10:00:00.000Z");
        assertThat(json(page.records().get(0).payload()).path("associations").has("companies")).isTrue();
        JsonNode body = json(server.findAll(postRequestedFor(urlEqualTo("/crm/v3/objects/contacts/search"))).get(0).getBodyAsString());
        assertThat(body.path("filterGroups").get(0).path("filters").get(0).path("propertyName").asString())
                .isEqualTo("lastmodifieddate");
    }

    @Test
    void vendorCountIsTheSearchTotal() throws Exception {
        server.stubFor(post("/crm/v3/objects/companies/search").withRequestBody(matchingJsonPath("$.limit", equalTo("1")))
                .willReturn(okJson("{\"total\":1234,\"results\":[{\"id\":\"1\",\"properties\":{},\"archived\":false}],\"paging\":{\"next\":{\"after\":\"1\"}}}")));
        assertThat(stream(tokenConfig(), "companies").vendorCount()).hasValue(1234);
    }

    @Test
    void ownersPageThroughLiveThenArchivedAsFullRefresh() throws Exception {
        server.stubFor(get("/crm/v3/owners?limit=100").willReturn(okJson(fixture("owners-page1.json"))));
        server.stubFor(get("/crm/v3/owners?limit=100&after=91234569").willReturn(okJson(fixture("owners-page2.json"))));
        server.stubFor(get("/crm/v3/owners?limit=100&archived=true").willReturn(okJson(fixture("owners-archived.json"))));
        Stream owners = stream(tokenConfig(), "owners");
        assertThat(owners.mode()).isEqualTo(SyncMode.FULL_REFRESH);

        List<Page> pages = readAll(owners, null);

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).records()).extracting(RawRecord::id).containsExactly("91234567", "91234568");
        assertThat(pages.get(1).records()).extracting(RawRecord::id).containsExactly("91234569");
        assertThat(pages.get(2).records()).extracting(RawRecord::id, RawRecord::deleted).containsExactly(
                org.assertj.core.groups.Tuple.tuple("90000001", true));
        assertThat(pages.get(2).last()).isTrue();
        assertThat(json(pages.get(0).records().get(0).payload()).path("teams").get(0).path("name").asString()).isEqualTo("EMEA");
        assertThat(owners.read(pages.get(0).cursorAfter())).isEqualTo(pages.get(1)); // crash resume mid-pass
    }

    @Test
    void pipelinesAreOneRecordPerPipelineWithStages() throws Exception {
        server.stubFor(get("/crm/v3/pipelines/deals").willReturn(okJson(fixture("deal-pipelines.json"))));
        Page page = stream(tokenConfig(), "deal_pipelines").read(null);
        assertThat(page.last()).isTrue();
        assertThat(page.records()).extracting(RawRecord::id).containsExactly("default");
        JsonNode stages = json(page.records().get(0).payload()).path("stages");
        assertThat(stages.get(1).path("metadata").path("probability").asString()).isEqualTo("1.0");
    }

    @Test
    void landsThePortalsCompanyCurrencyAndEveryExchangeRatePageByPage() throws Exception {
        server.stubFor(get("/settings/v3/currencies/company-currency")
                .willReturn(okJson("{\"createdAt\":\"2023-11-07T05:31:56Z\",\"id\":\"USD\"}")));
        server.stubFor(get(urlPathEqualTo("/settings/v3/currencies/exchange-rates")).atPriority(5)
                .willReturn(okJson(fixture("exchange-rates-page1.json"))));
        server.stubFor(get(urlPathEqualTo("/settings/v3/currencies/exchange-rates")).withQueryParam("after", equalTo("2"))
                .atPriority(1).willReturn(okJson(fixture("exchange-rates-page2.json"))));

        Page company = stream(tokenConfig(), "company_currency").read(null);
        assertThat(company.last()).isTrue();
        assertThat(company.records()).extracting(RawRecord::id).containsExactly("USD");

        Stream rates = stream(tokenConfig(), "exchange_rates");
        Page first = rates.read(null);
        assertThat(first.last()).isFalse();
        Page second = rates.read(first.cursorAfter());
        assertThat(second.last()).isTrue();
        assertThat(java.util.stream.Stream.concat(first.records().stream(), second.records().stream()))
                .extracting(RawRecord::id).containsExactly("101", "102", "103");
        assertThat(json(second.records().get(0).payload()).path("conversionRate").asDouble()).isEqualTo(1.1);
    }

    @Test
    void offersTheContractedStreams() {
        assertThat(connector.streams(tokenConfig(), http(tokenConfig())).stream().map(Stream::name)).containsExactly(
                "company_currency", "exchange_rates", "owners", "deal_pipelines", "ticket_pipelines", "companies", "contacts", "deals", "line_items", "products",
                "calls", "emails", "meetings", "tasks", "notes", "tickets", "marketing_emails", "goals");
    }

    @Test
    void validateNamesTheMissingKey() {
        assertThatThrownBy(() -> connector.validate(config(Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'token'");
        SourceConfig oauth = config(Map.of("client-id", "cid"), Map.of("refresh-token", new Secret("${RT}", "rt-1")));
        assertThatThrownBy(() -> connector.validate(oauth)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("client-secret");
        assertThatThrownBy(() -> connector.validate(config(Map.of("lookback-minutes", "soon"),
                Map.of("token", new Secret("${T}", TOKEN))))).hasMessageContaining("lookback-minutes");
    }

    @Test
    void parsesTimestampsLeniently() {
        assertThat(io.crmw.connectors.kit.VendorTime.parse("2024-05-20T14:03:11Z")).hasValue(Instant.parse("2024-05-20T14:03:11Z"));
        assertThat(io.crmw.connectors.kit.VendorTime.parse("2024-05-20T14:03:11.5Z")).hasValue(Instant.parse("2024-05-20T14:03:11.500Z"));
        assertThat(io.crmw.connectors.kit.VendorTime.parse("2024-05-20T14:03:11.501234Z")).hasValue(Instant.parse("2024-05-20T14:03:11.501234Z"));
        assertThat(io.crmw.connectors.kit.VendorTime.parse("2024-05-20T16:03:11+02:00")).hasValue(Instant.parse("2024-05-20T14:03:11Z"));
        assertThat(io.crmw.connectors.kit.VendorTime.parse("1716213791501")).hasValue(Instant.ofEpochMilli(1716213791501L));
        assertThat(io.crmw.connectors.kit.VendorTime.parse("2024-07-15")).hasValue(Instant.parse("2024-07-15T00:00:00Z"));
        assertThat(io.crmw.connectors.kit.VendorTime.parse("not a date")).isEmpty();
    }
}
