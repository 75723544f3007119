package io.crmw.connectors.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.raw.RawRecord;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SalesforceStreamsTest extends SalesforceTestSupport {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String FIELDS = "Id, IsDeleted, AccountId, Name, StageName, Amount, Probability, "
            + "TotalOpportunityQuantity, CloseDate, IsClosed, IsWon, CurrencyIsoCode, OwnerId, Seats__c, Loss_Reason__c, "
            + "CreatedDate, LastModifiedDate, SystemModstamp";
    private static final String NEXT = DATA + "/query/01gxx0000004ZqEAAU-2";
    private static final String JOB = DATA + "/jobs/query/750R0000000zlh9IAA";

    @BeforeEach
    void describeAndCount() {
        stubOpportunityDescribe();
        query("/query", equalTo("SELECT COUNT() FROM Opportunity"), fixture("count-3.json"));
    }

    private void query(String endpoint, com.github.tomakehurst.wiremock.matching.StringValuePattern soql, String body) {
        instance.stubFor(soqlRequest(endpoint, soql).willReturn(okJson(body)));
    }

    private static MappingBuilder soqlRequest(String endpoint,
                                              com.github.tomakehurst.wiremock.matching.StringValuePattern soql) {
        return get(urlPathEqualTo(DATA + endpoint)).withQueryParam("q", soql);
    }

    private static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    private static String edit(String fixture, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode n = (ObjectNode) json(fixture(fixture));
        change.accept(n);
        return MAPPER.writeValueAsString(n);
    }

    @Test
    void offersTheContractStreamsWithHardDeleteProneOnesReadWhole() {
        List<Stream> streams = connector.streams(refreshConfig(Map.of()), http(refreshConfig(Map.of())));
        assertThat(streams).extracting(Stream::name).containsExactly("users", "user_roles", "accounts", "contacts",
                "leads", "opportunities", "opportunity_stages", "opportunity_history", "opportunity_line_items",
                "products", "pricebook_entries", "campaigns", "campaign_members", "tasks", "events", "cases",
                "currency_types", "dated_conversion_rates");
        assertThat(streams).filteredOn(s -> s.mode() == SyncMode.FULL_REFRESH).extracting(Stream::name)
                .containsExactly("user_roles", "opportunity_stages", "campaign_members", "currency_types",
                        "dated_conversion_rates");
    }

    @Test
    void firstLoadSelectsDescribedFieldsPagesWithNextRecordsUrlAndStoresTheHighWaterMark() throws Exception {
        query("/query", containing("FROM Opportunity ORDER BY"), fixture("opportunities-page1.json"));
        instance.stubFor(get(urlEqualTo(NEXT)).willReturn(okJson(fixture("opportunities-page2.json"))));
        Stream opportunities = stream(refreshConfig(Map.of()), "opportunities");

        List<Page> pages = readAll(opportunities, null);

        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).records()).extracting(RawRecord::id)
                .containsExactly("0065g00000XyZabAAB", "0065g00000XyZacAAB");
        assertThat(pages.get(1).records()).extracting(RawRecord::id).containsExactly("0065g00000XyZadAAB");
        assertThat(soql("/query")).containsExactly("SELECT COUNT() FROM Opportunity",
                "SELECT " + FIELDS + " FROM Opportunity ORDER BY SystemModstamp, Id LIMIT 10000");
        JsonNode cursor = json(pages.get(0).cursorAfter());
        assertThat(cursor.path("next").asString()).isEqualTo(NEXT);
        assertThat(cursor.path("ts").asString()).isEqualTo("2024-05-20T14:03:11Z");
        assertThat(cursor.path("id").asString()).isEqualTo("0065g00000XyZacAAB");
        assertThat(json(pages.get(1).cursorAfter()))
                .isEqualTo(json("{\"phase\":\"idle\",\"hwm\":\"2024-05-21T07:45:02Z\"}"));

        RawRecord acme = pages.get(0).records().get(0);
        assertThat(acme.deleted()).isFalse();
        assertThat(acme.cursor()).isEqualTo("2024-05-20T14:03:11.000+0000");
        JsonNode payload = json(acme.payload());
        assertThat(payload.path("attributes").path("type").asString()).isEqualTo("Opportunity");
        assertThat(payload.path("Amount").isNumber()).isTrue();
        assertThat(payload.path("Amount").asDouble()).isEqualTo(25000.0);
        assertThat(payload.path("Seats__c").asInt()).isEqualTo(40);
        assertThat(payload.path("IsWon").isBoolean()).isTrue();
        assertThat(payload.has("Loss_Reason__c")).isTrue();
        assertThat(opportunities.cursorField()).isEqualTo("SystemModstamp");
    }

    @Test
    void resumesFromAStoredCursorWithAKeysetQueryInsteadOfAnExpiredQueryLocator() throws Exception {
        String keyset = "SELECT " + FIELDS + " FROM Opportunity WHERE (SystemModstamp > 2024-05-20T14:03:11Z OR "
                + "(SystemModstamp = 2024-05-20T14:03:11Z AND Id > '0065g00000XyZacAAB')) "
                + "ORDER BY SystemModstamp, Id LIMIT 10000";
        query("/query", equalTo(keyset), fixture("opportunities-page2.json"));
        String storedByACrashedProcess = "{\"phase\":\"live\",\"ts\":\"2024-05-20T14:03:11Z\","
                + "\"id\":\"0065g00000XyZacAAB\",\"next\":\"" + NEXT + "\",\"maxSeen\":\"2024-05-20T14:03:11Z\"}";

        List<Page> pages = readAll(stream(refreshConfig(Map.of()), "opportunities"), storedByACrashedProcess);

        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).records()).extracting(RawRecord::id).containsExactly("0065g00000XyZadAAB");
        assertThat(soql("/query")).containsExactly(keyset);
        instance.verify(0, getRequestedFor(urlEqualTo(NEXT)));
        assertThat(json(pages.get(0).cursorAfter()).path("hwm").asString()).isEqualTo("2024-05-21T07:45:02Z");
    }

    @Test
    void aQueryThatHitsItsLimitContinuesAfterTheLastIdAtTheSameSystemModstamp() throws Exception {
        // two records share 14:03:11; with LIMIT 2 the next query must start after the second one's Id, not skip 14:03:11
        query("/query", containing("ORDER BY SystemModstamp, Id LIMIT 2"), edit("opportunities-page1.json", n -> {
            n.put("totalSize", 2);
            n.put("done", true);
            n.remove("nextRecordsUrl");
        }));
        query("/query", containing("Id > '0065g00000XyZacAAB'"), edit("opportunities-page2.json",
                n -> n.put("totalSize", 1)));

        List<Page> pages = readAll(stream(refreshConfig(Map.of("query-limit", "2")), "opportunities"), null);

        assertThat(pages.stream().flatMap(p -> p.records().stream()).map(RawRecord::id))
                .containsExactly("0065g00000XyZabAAB", "0065g00000XyZacAAB", "0065g00000XyZadAAB");
        assertThat(soql("/query")).containsExactly("SELECT COUNT() FROM Opportunity",
                "SELECT " + FIELDS + " FROM Opportunity ORDER BY SystemModstamp, Id LIMIT 2",
                "SELECT " + FIELDS + " FROM Opportunity WHERE (SystemModstamp > 2024-05-20T14:03:11Z OR "
                        + "(SystemModstamp = 2024-05-20T14:03:11Z AND Id > '0065g00000XyZacAAB')) "
                        + "ORDER BY SystemModstamp, Id LIMIT 2");
    }

    @Test
    void nextRunStartsLookbackBeforeTheHighWaterMarkAndTombstonesSoftDeletesFromTheSameQueryAllPages() throws Exception {
        String window = "SELECT " + FIELDS + " FROM Opportunity WHERE SystemModstamp >= 2024-05-21T07:35:02Z "
                + "ORDER BY SystemModstamp, Id LIMIT 10000";
        query("/queryAll", equalTo(window), fixture("opportunities-window.json"));

        List<Page> pages = readAll(stream(refreshConfig(Map.of()), "opportunities"),
                "{\"phase\":\"idle\",\"hwm\":\"2024-05-21T07:45:02Z\"}");

        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).records()).extracting(RawRecord::id, RawRecord::deleted).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0065g00000XyZadAAB", false),
                org.assertj.core.groups.Tuple.tuple("0065g00000XyZaeAAB", true));
        RawRecord tombstone = pages.get(0).records().get(1);
        assertThat(tombstone.cursor()).isEqualTo("2024-05-21T07:50:00.000+0000");
        JsonNode payload = json(tombstone.payload());
        assertThat(payload.path("IsDeleted").asBoolean()).isTrue();
        assertThat(payload.path("Name").asString()).isEqualTo("Initech expansion");
        assertThat(json(pages.get(0).cursorAfter()))
                .isEqualTo(json("{\"phase\":\"idle\",\"hwm\":\"2024-05-21T07:50:00Z\"}"));
        // two calls: every object's describe in one composite, then the window and the live count in one composite;
        // no separate deleted pass, no bulk check
        assertThat(compositeUrls()).hasSize(2);
        assertThat(compositeUrls().get(0)).hasSize(18).startsWith(DATA + "/sobjects/Opportunity/describe",
                DATA + "/sobjects/User/describe");
        assertThat(instance.getAllServeEvents()).hasSize(2 + 18 + 2); // the composites and their subrequests
        assertThat(compositeUrls().get(1)).containsExactly(
                DATA + "/query?q=SELECT%20COUNT%28%29%20FROM%20Opportunity",
                DATA + "/queryAll?q=" + java.net.URLEncoder.encode(window, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"));
        assertThat(soql("/queryAll")).containsExactly(window);
    }

    @Test
    void bulkFirstLoadPollsTheJobStreamsCsvLocatorPagesAsRestShapedRecordsAndResumesAfterACrash() throws Exception {
        instance.stubFor(post(DATA + "/jobs/query").willReturn(okJson(fixture("bulk-job-created.json"))));
        instance.stubFor(get(JOB).inScenario("job").whenScenarioStateIs("Started")
                .willReturn(okJson(fixture("bulk-job-in-progress.json"))).willSetStateTo("done"));
        instance.stubFor(get(JOB).inScenario("job").whenScenarioStateIs("done")
                .willReturn(okJson(fixture("bulk-job-complete.json"))));
        instance.stubFor(get(JOB + "/results?maxRecords=10000").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/csv").withHeader("Sforce-Locator", "MTAwMDA")
                .withHeader("Sforce-NumberOfRecords", "2").withBody(fixture("opportunities-bulk-1.csv"))));
        instance.stubFor(get(JOB + "/results?maxRecords=10000&locator=MTAwMDA").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/csv").withHeader("Sforce-Locator", "null")
                .withHeader("Sforce-NumberOfRecords", "1").withBody(fixture("opportunities-bulk-2.csv"))));
        // the first page comes with the count (3, above the threshold of 2): it is not landed, the job reads everything
        query("/query", containing("FROM Opportunity ORDER BY"), fixture("opportunities-page1.json"));
        query("/queryAll", containing("WHERE SystemModstamp >= 2024-05-21T07:45:02Z ORDER BY"),
                fixture("opportunities-empty.json"));
        Map<String, String> settings = Map.of("bulk-threshold", "2");
        Stream first = stream(refreshConfig(settings), "opportunities");

        Page created = first.read(null);
        assertThat(created.records()).isEmpty();
        assertThat(json(created.cursorAfter()).path("job").asString()).isEqualTo("750R0000000zlh9IAA");
        Page csv1 = first.read(created.cursorAfter());
        assertThat(time.sleeps).containsExactly(java.time.Duration.ofSeconds(1)); // one poll while InProgress
        assertThat(json(csv1.cursorAfter()).path("locator").asString()).isEqualTo("MTAwMDA");

        // the process dies here; a new one resumes from the stored cursor with the same job
        connector = new SalesforceConnector(clock, time);
        List<Page> rest = readAll(stream(refreshConfig(settings), "opportunities"), csv1.cursorAfter());

        assertThat(csv1.records()).extracting(RawRecord::id).containsExactly("0065g00000XyZabAAB", "0065g00000XyZacAAB");
        assertThat(rest.get(0).records()).extracting(RawRecord::id).containsExactly("0065g00000XyZadAAB");
        assertThat(instance.findAll(postRequestedFor(urlEqualTo(DATA + "/jobs/query")))).hasSize(1);
        JsonNode jobRequest = json(instance.findAll(postRequestedFor(urlEqualTo(DATA + "/jobs/query"))).get(0)
                .getBodyAsString());
        assertThat(jobRequest.path("query").asString()).isEqualTo("SELECT " + FIELDS + " FROM Opportunity");
        assertThat(jobRequest.path("operation").asString()).isEqualTo("query");
        assertThat(jobRequest.path("contentType").asString()).isEqualTo("CSV");
        assertThat(json(rest.get(rest.size() - 1).cursorAfter()).path("hwm").asString())
                .isEqualTo("2024-05-21T07:45:02Z");

        // the same record reads the same through Bulk CSV and through REST (bar the name, which differs in the fixture)
        ObjectNode fromCsv = (ObjectNode) json(csv1.records().get(0).payload());
        ObjectNode fromRest = (ObjectNode) json(fixture("opportunities-page1.json")).path("records").get(0);
        assertThat(fromCsv.remove("Name").asString()).isEqualTo("Acme GmbH – renewal, \"EMEA\"");
        fromRest.remove("Name");
        assertThat(fromCsv).isEqualTo(fromRest);
        assertThat(csv1.records().get(0).cursor()).isEqualTo("2024-05-20T14:03:11.000+0000");
        JsonNode globex = json(csv1.records().get(1).payload());
        assertThat(globex.path("Name").asString()).isEqualTo("Globex\nnew logo");
        assertThat(globex.path("AccountId").isNull()).isTrue();
        assertThat(globex.path("IsWon").asBoolean()).isTrue();
    }

    @Test
    void requestLimitExceededStopsTheRunResumablyWithTheApiUsage() {
        // a spent allocation refuses the composite call itself, before any subrequest runs
        instance.stubFor(post(DATA + "/composite").atPriority(1).willReturn(aResponse()
                .withStatus(403).withHeader("Sforce-Limit-Info", "api-usage=15000/15000")
                .withBody(fixture("error-request-limit.json"))));
        Stream opportunities = stream(refreshConfig(Map.of()), "opportunities");

        assertThatThrownBy(() -> opportunities.read("{\"phase\":\"idle\",\"hwm\":\"2024-05-21T07:45:02Z\"}"))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.resumable()).isTrue())
                .hasMessageContaining("sf-main").hasMessageContaining("opportunities")
                .hasMessageContaining("REQUEST_LIMIT_EXCEEDED").hasMessageContaining("api-usage=15000/15000")
                .hasMessageContaining("resumes from the stored cursor");
        instance.verify(1, postRequestedFor(urlPathEqualTo(DATA + "/composite"))); // no retries against a spent allocation
    }

    @Test
    void otherErrorsNameSourceStreamAndErrorCodeAndAreNotResumable() {
        // the window's query fails inside the composite, is asked alone and fails the same: the vendor's words reach the user
        instance.stubFor(soqlRequest("/queryAll", containing("FROM Opportunity WHERE")).willReturn(aResponse()
                .withStatus(400).withBody(fixture("error-invalid-field.json"))));
        Stream opportunities = stream(refreshConfig(Map.of()), "opportunities");

        assertThatThrownBy(() -> opportunities.read("{\"phase\":\"idle\",\"hwm\":\"2024-05-21T07:45:02Z\"}"))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.resumable()).isFalse())
                .hasMessageContaining("source 'sf-main', stream 'opportunities'")
                .hasMessageContaining("INVALID_FIELD: ").hasMessageContaining("No such column 'Loss_Reason__c'");
    }

    @Test
    void vendorCountIsTheSoqlCountAndArchivableActivitiesCountThroughQueryAll() throws Exception {
        query("/queryAll", equalTo("SELECT COUNT() FROM Task WHERE IsDeleted = false"),
                "{\"totalSize\":41,\"done\":true,\"records\":[]}");
        assertThat(stream(refreshConfig(Map.of()), "opportunities").vendorCount()).isEqualTo(OptionalLong.of(3));
        assertThat(stream(refreshConfig(Map.of()), "tasks").vendorCount()).isEqualTo(OptionalLong.of(41));
    }

    @Test
    void currencyStreamsReadNothingInASingleCurrencyOrg() throws Exception {
        instance.stubFor(get(DATA + "/sobjects/Opportunity/describe").atPriority(1).willReturn(okJson(
                edit("opportunity-describe.json", n -> {
                    var fields = (tools.jackson.databind.node.ArrayNode) n.get("fields");
                    for (int i = fields.size() - 1; i >= 0; i--) {
                        if ("CurrencyIsoCode".equals(fields.get(i).path("name").asString())) {
                            fields.remove(i);
                        }
                    }
                }))));
        Stream currencies = stream(refreshConfig(Map.of()), "currency_types");

        Page page = currencies.read(null);

        assertThat(page.records()).isEmpty();
        assertThat(page.last()).isTrue();
        assertThat(currencies.vendorCount()).isEmpty();
        instance.verify(0, getRequestedFor(urlPathEqualTo(DATA + "/query")));
    }

    @Test
    void fullRefreshStreamsPageByIdAndEndThePassWithoutACursor() throws Exception {
        instance.stubFor(get(DATA + "/sobjects/UserRole/describe").willReturn(okJson("{\"name\":\"UserRole\",\"fields\":["
                + "{\"name\":\"Id\",\"type\":\"id\"},{\"name\":\"Name\",\"type\":\"string\"},"
                + "{\"name\":\"ParentRoleId\",\"type\":\"reference\"},"
                + "{\"name\":\"SystemModstamp\",\"type\":\"datetime\",\"filterable\":true,\"sortable\":true}]}")));
        query("/query", equalTo("SELECT Id, Name, ParentRoleId, SystemModstamp FROM UserRole ORDER BY Id LIMIT 10000"),
                "{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"UserRole\",\"url\":"
                        + "\"/services/data/v62.0/sobjects/UserRole/00E5g000000AbCdEAK\"},\"Id\":\"00E5g000000AbCdEAK\","
                        + "\"Name\":\"VP Sales\",\"ParentRoleId\":null,\"SystemModstamp\":\"2024-01-02T03:04:05.000+0000\"}]}");
        Stream roles = stream(refreshConfig(Map.of()), "user_roles");

        Page page = roles.read(null);

        assertThat(roles.mode()).isEqualTo(SyncMode.FULL_REFRESH);
        assertThat(page.last()).isTrue();
        assertThat(page.cursorAfter()).isNull();
        assertThat(page.records()).extracting(RawRecord::id, RawRecord::cursor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("00E5g000000AbCdEAK", "2024-01-02T03:04:05.000+0000"));
    }
}
