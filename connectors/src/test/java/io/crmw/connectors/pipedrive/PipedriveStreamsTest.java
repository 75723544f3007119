package io.crmw.connectors.pipedrive;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.crmw.connectors.spi.Page;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import io.crmw.connectors.spi.SyncMode;
import io.crmw.warehouse.raw.RawRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class PipedriveStreamsTest extends PipedriveTestSupport {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String DEALS = "/api/v2/deals";
    private static final String V2_LIST = "limit=500&sort_by=update_time&sort_direction=asc";
    private static final String PAGE_2 = "eyJmaWVsZCI6InVwZGF0ZV90aW1lIiwiaWQiOjgxM30";

    private static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    private static JsonNode payload(RawRecord r) {
        return json(r.payload());
    }

    private static List<RawRecord> records(List<Page> pages) {
        return pages.stream().flatMap(p -> p.records().stream()).toList();
    }

    private static MappingBuilder liveDeals() {
        return get(urlPathEqualTo(DEALS)).withQueryParam("status", absent());
    }

    /** Two pages of live deals, one archived deal, one deleted deal, and the deal fields. */
    private void stubDeals() {
        pipedrive.stubFor(liveDeals().withQueryParam("cursor", absent()).willReturn(okJson(fixture("deals-page1.json"))));
        pipedrive.stubFor(liveDeals().withQueryParam("cursor", equalTo(PAGE_2))
                .willReturn(okJson(fixture("deals-page2.json"))));
        pipedrive.stubFor(get(urlPathEqualTo(DEALS + "/archived")).willReturn(okJson(fixture("deals-archived.json"))));
        pipedrive.stubFor(get(urlPathEqualTo(DEALS)).withQueryParam("status", equalTo("deleted"))
                .willReturn(okJson(fixture("deals-deleted.json"))));
        pipedrive.stubFor(get(urlPathEqualTo("/api/v2/dealFields")).willReturn(okJson(fixture("deal-fields.json"))));
    }

    @Test
    void offersTheDocumentedStreamsWithTheIncrementalOnesOnUpdatedSince() {
        List<Stream> streams = connector.streams(config(Map.of()), http(config(Map.of())));

        assertThat(streams).extracting(Stream::name).containsExactly("users", "pipelines", "stages", "activity_types",
                "currencies", "lead_sources", "lead_labels", "deal_fields", "person_fields", "organization_fields",
                "product_fields", "activity_fields", "organizations", "persons", "products", "deals", "deal_products",
                "deal_changelog", "activities", "leads", "notes");
        assertThat(streams).filteredOn(s -> s.mode() == SyncMode.INCREMENTAL).extracting(Stream::name)
                .containsExactly("organizations", "persons", "deals", "deal_products", "deal_changelog", "activities");
        assertThat(streams).filteredOn(s -> s.name().equals("deal_products")).extracting(Stream::primaryKey)
                .containsExactly("deal_id");
    }

    @Test
    void dealsPageWithV2CursorsThroughLiveArchivedAndDeletedListings() throws Exception {
        stubDeals();

        List<Page> pages = readAll(stream("deals"), null);

        assertThat(pages).hasSize(4);
        assertThat(pages).extracting(Page::last).containsExactly(false, false, false, true);
        assertThat(pages).extracting(p -> p.records().stream().map(RawRecord::id).toList())
                .containsExactly(List.of("812", "813"), List.of("814"), List.of("790"), List.of("777"));
        assertThat(records(pages)).extracting(RawRecord::id, RawRecord::deleted, RawRecord::cursor).containsExactly(
                tuple("812", false, "2024-05-20T14:03:11Z"),
                tuple("813", false, "2024-05-20T15:00:00Z"),
                tuple("814", false, "2024-05-21T07:30:00Z"),
                tuple("790", false, "2024-05-02T10:00:00Z"), // archived deals are live business
                tuple("777", true, "2024-05-21T07:45:02Z")); // deleted deals are tombstones
        assertThat(payload(pages.get(2).records().get(0)).path("is_archived").asBoolean()).isTrue();
        assertThat(payload(pages.get(3).records().get(0)).path("is_deleted").asBoolean()).isTrue();
        assertThat(requests()).containsExactly(
                DEALS + "?" + V2_LIST,
                "/api/v2/dealFields?limit=500",
                DEALS + "?" + V2_LIST + "&cursor=" + PAGE_2,
                DEALS + "/archived?" + V2_LIST,
                DEALS + "?status=deleted&" + V2_LIST);

        // the next run starts at the greatest update_time seen (the deleted deal's) minus the 10-minute lookback
        assertThat(json(pages.get(3).cursorAfter()).path("since").asString()).isEqualTo("2024-05-21T07:35:02Z");
        assertThat(json(pages.get(3).cursorAfter()).path("phase").asInt()).isZero();
        assertThat(json(pages.get(0).cursorAfter()).path("token").asString()).isEqualTo(PAGE_2);
        assertThat(json(pages.get(1).cursorAfter()).path("phase").asInt()).isEqualTo(1);
    }

    @Test
    void theSecondRunSendsUpdatedSinceFromTheStoredCursorOnEveryListing() throws Exception {
        stubDeals();
        List<Page> first = readAll(stream("deals"), null);
        pipedrive.resetRequests();

        List<Page> second = readAll(stream("deals"), first.get(first.size() - 1).cursorAfter());

        String since = "updated_since=2024-05-21T07:35:02Z";
        assertThat(requests()).containsExactly(
                DEALS + "?" + V2_LIST + "&" + since,
                "/api/v2/dealFields?limit=500",
                DEALS + "?" + V2_LIST + "&cursor=" + PAGE_2 + "&" + since,
                DEALS + "/archived?" + V2_LIST + "&" + since,
                DEALS + "?status=deleted&" + V2_LIST + "&" + since);
        // nothing newer was seen: the next run starts where this one did
        assertThat(json(second.get(second.size() - 1).cursorAfter()).path("since").asString())
                .isEqualTo("2024-05-21T07:35:02Z");
    }

    @Test
    void theLookbackSettingMovesTheNextRunsStart() throws Exception {
        pipedrive.stubFor(get(urlPathEqualTo("/api/v2/persons")).willReturn(okJson(fixture("persons.json"))));

        List<Page> pages = readAll(stream("persons", Map.of("lookback-minutes", "60")), null);

        assertThat(pages).hasSize(1);
        assertThat(records(pages)).extracting(RawRecord::id).containsExactly("1101");
        assertThat(json(pages.get(0).cursorAfter()).path("since").asString()).isEqualTo("2024-05-20T09:00:00Z");
        assertThat(requests()).containsExactly("/api/v2/persons?" + V2_LIST);
    }

    @Test
    void customFieldsAreAlsoKeyedByTheirNamesFromDealFieldsReadOncePerRun() throws Exception {
        stubDeals();

        List<RawRecord> deals = records(readAll(stream("deals"), null));

        JsonNode acme = payload(deals.get(0));
        assertThat(acme.path("custom_fields_by_name"))
                .isEqualTo(json("{\"Setup fee\": {\"value\": 2300, \"currency\": \"EUR\"}, \"Seats\": 42}"));
        assertThat(acme.path("custom_fields").has("d4de1c1518b4531717c676029a45911c340390a6")).isTrue();
        assertThat(payload(deals.get(1)).path("custom_fields_by_name"))
                .isEqualTo(json("{\"Setup fee\": null, \"Seats\": null}"));
        assertThat(payload(deals.get(2)).path("custom_fields_by_name").path("Seats").asInt()).isEqualTo(10);
        assertThat(requestsTo("/api/v2/dealFields")).hasSize(1);
    }

    @Test
    void dealProductsAreOneRecordPerDealWithProductsAskedForAtMostAHundredDealsPerCall() throws Exception {
        List<Integer> ids = IntStream.rangeClosed(701, 850).boxed().toList();
        pipedrive.stubFor(liveDeals().willReturn(okJson(dealsPage(ids))));
        pipedrive.stubFor(get(urlPathEqualTo(DEALS + "/archived")).willReturn(okJson(fixture("deals-empty.json"))));
        pipedrive.stubFor(get(urlPathEqualTo(DEALS + "/products")).withQueryParam("deal_ids", equalTo(join(701, 800)))
                .willReturn(okJson(fixture("deals-empty.json"))));
        pipedrive.stubFor(get(urlPathEqualTo(DEALS + "/products")).withQueryParam("deal_ids", equalTo(join(801, 850)))
                .willReturn(okJson(fixture("deal-products.json"))));
        pipedrive.stubFor(get(urlPathEqualTo(DEALS)).withQueryParam("status", equalTo("deleted"))
                .willReturn(okJson(fixture("deals-deleted.json"))));

        List<Page> pages = readAll(stream("deal_products"), null);

        List<RawRecord> all = records(pages);
        // a deleted deal's products go with it: a thin tombstone keyed by the deal, its products never asked for
        assertThat(all.get(all.size() - 1)).satisfies(deleted -> {
            assertThat(deleted.id()).isEqualTo("777");
            assertThat(deleted.deleted()).isTrue();
            assertThat(payload(deleted)).isEqualTo(json(
                    "{\"deal_id\": 777, \"update_time\": \"2024-05-21T07:45:02Z\", \"is_deleted\": true}"));
        });
        List<RawRecord> perDeal = all.subList(0, all.size() - 1);
        assertThat(perDeal).hasSize(150);
        assertThat(perDeal).extracting(RawRecord::id).containsExactlyElementsOf(ids.stream().map(String::valueOf).toList());
        assertThat(perDeal).noneMatch(RawRecord::deleted);
        JsonNode d812 = payload(perDeal.get(812 - 701));
        assertThat(d812.path("deal_id").asInt()).isEqualTo(812);
        assertThat(d812.path("update_time").asString()).isEqualTo("2024-05-20T14:03:11Z");
        assertThat(d812.path("data")).extracting(p -> p.path("id").asInt()).containsExactly(4001, 4002);
        assertThat(payload(perDeal.get(814 - 701)).path("data")).extracting(p -> p.path("id").asInt())
                .containsExactly(4010);
        JsonNode withoutProducts = payload(perDeal.get(0));
        assertThat(withoutProducts.path("deal_id").asInt()).isEqualTo(701);
        assertThat(withoutProducts.path("data").isArray()).isTrue();
        assertThat(withoutProducts.path("data").isEmpty()).isTrue(); // removed products disappear
        assertThat(requestsTo(DEALS + "/products")).containsExactly(
                DEALS + "/products?limit=500&deal_ids=" + join(701, 800),
                DEALS + "/products?limit=500&deal_ids=" + join(801, 850));
    }

    @Test
    void anIncrementalPassReadsTheChangelogOnlyOfDealsWhoseStageMovedSinceItsCursor() throws Exception {
        stubDeals();
        pipedrive.stubFor(get(urlPathEqualTo("/v1/deals/814/changelog"))
                .willReturn(okJson(fixture("deal-changelog-812.json"))));

        List<RawRecord> perDeal = records(readAll(stream("deal_changelog"), "{\"phase\":0,\"since\":\"2024-05-20T00:00:00Z\"}"));

        // 812 moved on 05-15 and 790 (archived) in 2023: their histories are as the last pass read them
        assertThat(perDeal).extracting(RawRecord::id).containsExactly("813", "814");
        assertThat(payload(perDeal.get(0)).path("data").isEmpty()).isTrue(); // never moved: no call
        assertThat(payload(perDeal.get(1)).path("data")).extracting(e -> e.path("field_key").asString())
                .containsExactly("status", "stage_id");
        assertThat(requests()).filteredOn(u -> u.contains("/changelog"))
                .containsExactly("/v1/deals/814/changelog?limit=500");
    }

    @Test
    void dealChangelogIsReadOnlyForDealsWhoseStageChanged() throws Exception {
        pipedrive.stubFor(liveDeals().willReturn(okJson(edit("deals-page1.json",
                n -> ((ObjectNode) n.path("additional_data")).putNull("next_cursor")))));
        pipedrive.stubFor(get(urlPathEqualTo(DEALS + "/archived")).willReturn(okJson(fixture("deals-empty.json"))));
        pipedrive.stubFor(get(urlPathEqualTo("/v1/deals/812/changelog"))
                .willReturn(okJson(fixture("deal-changelog-812.json"))));

        List<RawRecord> perDeal = records(readAll(stream("deal_changelog"), null));

        assertThat(perDeal).extracting(RawRecord::id, RawRecord::cursor)
                .containsExactly(tuple("812", "2024-05-20T14:03:11Z"), tuple("813", "2024-05-20T15:00:00Z"));
        JsonNode moved = payload(perDeal.get(0));
        assertThat(moved.path("add_time").asString()).isEqualTo("2024-05-01T09:12:44Z");
        assertThat(moved.path("stage_id").asInt()).isEqualTo(4);
        assertThat(moved.path("data")).extracting(e -> e.path("field_key").asString())
                .containsExactly("status", "stage_id");
        assertThat(payload(perDeal.get(1)).path("data").isEmpty()).isTrue();
        assertThat(requests()).filteredOn(u -> u.contains("/changelog"))
                .containsExactly("/v1/deals/812/changelog?limit=500");
    }

    @Test
    void leadsPageWithV1OffsetsThenTheArchivedListing() throws Exception {
        pipedrive.stubFor(get(urlPathEqualTo("/v1/leads")).withQueryParam("start", equalTo("0"))
                .willReturn(okJson(fixture("leads-page1.json"))));
        pipedrive.stubFor(get(urlPathEqualTo("/v1/leads")).withQueryParam("start", equalTo("500"))
                .willReturn(okJson(fixture("leads-page2.json"))));
        pipedrive.stubFor(get(urlPathEqualTo("/v1/leads/archived")).willReturn(okJson(fixture("leads-archived.json"))));
        Stream leads = stream("leads");

        List<Page> pages = readAll(leads, null);

        assertThat(leads.mode()).isEqualTo(SyncMode.FULL_REFRESH);
        assertThat(pages).extracting(p -> p.records().stream().map(RawRecord::id).toList()).containsExactly(
                List.of("adf21080-0e10-11eb-879b-05d71fb426ec", "b3c0e2d0-1a2b-11ef-9e51-6f0c2a7d9a11"),
                List.of("c71f5a80-1a2c-11ef-8f3a-1b2d3c4e5f60"),
                List.of("0e5e2f10-9b1a-11ee-a3c4-5d6e7f809a1b"));
        assertThat(records(pages)).noneMatch(RawRecord::deleted);
        assertThat(records(pages).get(0).cursor()).isEqualTo("2024-05-14T11:30:36.551Z");
        assertThat(pages.get(2).last()).isTrue();
        assertThat(pages.get(2).cursorAfter()).isNull(); // a full refresh starts from scratch next time
        assertThat(requests()).containsExactly("/v1/leads?limit=500&start=0", "/v1/leads?limit=500&start=500",
                "/v1/leads/archived?limit=500&start=0");
    }

    @Test
    void aRejectedTokenStopsTheSourceNamingItAndTheTokensVariable() {
        pipedrive.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(fixture("error-unauthorized.json"))));

        assertThatThrownBy(() -> stream("persons").read(null))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.resumable()).isFalse();
                    assertThat(e.getMessage()).contains("source 'pd-main'").contains("401").contains(TOKEN_ENV)
                            .contains("unauthorized access").doesNotContain(TOKEN);
                });
        assertThat(requests()).containsExactly("/api/v2/persons?" + V2_LIST); // not retried
    }

    @Test
    void aClosedAccountStopsResumablySayingTheAccountIsNotOpen() {
        pipedrive.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(402)
                .withHeader("Content-Type", "application/json").withBody(fixture("error-payment-required.json"))));

        assertThatThrownBy(() -> stream("deals").read(null))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.resumable()).isTrue();
                    assertThat(e.getMessage()).contains("source 'pd-main'").contains("402")
                            .contains("company account is not open").doesNotContain(TOKEN);
                });
        assertThat(requests()).hasSize(1);
    }

    @Test
    void aBurstLimit429IsRetriedAfterRetryAfterThenSucceeds() throws Exception {
        pipedrive.stubFor(get(urlPathEqualTo("/api/v2/persons")).inScenario("burst").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "2").withHeader("x-ratelimit-limit", "40")
                        .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", "2")
                        .withBody(fixture("error-rate-limited.json")))
                .willSetStateTo("window passed"));
        pipedrive.stubFor(get(urlPathEqualTo("/api/v2/persons")).inScenario("burst").whenScenarioStateIs("window passed")
                .willReturn(okJson(fixture("persons.json")).withHeader("x-ratelimit-remaining", "39")));

        List<Page> pages = readAll(stream("persons"), null);

        assertThat(records(pages)).extracting(RawRecord::id).containsExactly("1101");
        assertThat(requests()).hasSize(2);
        assertThat(time.sleeps).contains(Duration.ofSeconds(2));
        // remaining 0: the window is full (39 calls of others counted with the refused one) until 2 s after it was
        // answered, plus the guard of 2 ms: Retry-After's 2 s, then 2 ms more
        assertThat(time.sleeps.stream().mapToLong(Duration::toMillis).sum()).isEqualTo(2002);
    }

    @Test
    void a429WhileTheBurstWindowHasRoomMeansTheDailyBudgetIsSpentAndStopsResumably() {
        pipedrive.stubFor(get(urlPathEqualTo("/api/v2/persons")).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("x-ratelimit-limit", "40")
                .withHeader("x-ratelimit-remaining", "38").withHeader("x-ratelimit-reset", "2")
                .withBody(fixture("error-rate-limited.json"))));

        assertThatThrownBy(() -> stream("persons").read(null))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.resumable()).isTrue();
                    assertThat(e.getMessage()).contains("source 'pd-main'").contains("429")
                            .contains("daily API token budget is spent").contains("midnight");
                });
        assertThat(requests()).hasSize(1); // retrying a spent daily budget only burns calls
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void anEmptyObjectIsNeverReadAsAnEmptyLastPage() {
        pipedrive.stubFor(get(urlPathEqualTo("/api/v2/persons")).willReturn(okJson("{}")));

        assertThatThrownBy(() -> stream("persons").read(null))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.resumable()).isTrue();
                    assertThat(e.getMessage()).contains("source 'pd-main'").contains("stream 'persons'")
                            .contains("/api/v2/persons").contains("is not a page").contains("no records array at /data");
                });
        assertThat(requests()).hasSize(3); // asked again, then stopped
    }

    @Test
    void aDataObjectInsteadOfAnArrayIsNeverReadAsAnEmptyPageEvenInTheIdsPass() {
        pipedrive.stubFor(get(urlPathEqualTo(DEALS)).willReturn(okJson("{\"success\": true, \"data\": {}}")));
        Stream deals = stream("deals");

        assertThatThrownBy(() -> deals.read(null)).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.resumable()).isTrue();
            assertThat(e.getMessage()).contains("stream 'deals'").contains("OBJECT, not an array");
        });
        assertThatThrownBy(() -> deals.readIds(null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("is not a page");
    }

    @Test
    void aMalformedSecondPageStopsAfterTheFirstWasRead() throws Exception {
        pipedrive.stubFor(liveDeals().withQueryParam("cursor", absent()).willReturn(okJson(fixture("deals-page1.json"))));
        pipedrive.stubFor(liveDeals().withQueryParam("cursor", equalTo(PAGE_2)).willReturn(okJson(
                "{\"success\": true, \"data\": [], \"additional_data\": {\"next_cursor\": {\"id\": 814}}}")));
        pipedrive.stubFor(get(urlPathEqualTo("/api/v2/dealFields")).willReturn(okJson(fixture("deal-fields.json"))));
        Stream deals = stream("deals");

        Page first = deals.read(null);

        assertThat(first.records()).extracting(RawRecord::id).containsExactly("812", "813");
        assertThatThrownBy(() -> deals.read(first.cursorAfter())).isInstanceOf(SourceException.class)
                .hasMessageContaining("next-page token at /additional_data/next_cursor is OBJECT");
    }

    @Test
    void readIdsListsLiveAndArchivedDealsWithoutTheDeletedFeedOrTheIncrementalFilter() throws Exception {
        stubDeals();

        List<String> ids = readAllIds(stream("deals"));

        assertThat(ids).containsExactly("812", "813", "814", "790");
        assertThat(requests()).containsExactly(
                DEALS + "?" + V2_LIST,
                DEALS + "?" + V2_LIST + "&cursor=" + PAGE_2,
                DEALS + "/archived?" + V2_LIST);
    }

    @Test
    void readIdsOfDealChildrenListsTheDealIdsWithoutReadingChildren() throws Exception {
        stubDeals();

        assertThat(readAllIds(stream("deal_products"))).containsExactly("812", "813", "814", "790");
        assertThat(readAllIds(stream("deal_changelog"))).containsExactly("812", "813", "814", "790");
        assertThat(requests()).noneMatch(u -> u.contains("/products") || u.contains("/changelog"));
    }

    private static String join(int from, int to) {
        return String.join(",", IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList());
    }

    /** One page of deals with the given ids, shaped like the first deal of {@code deals-page1.json}. */
    private static String dealsPage(List<Integer> ids) {
        ObjectNode page = (ObjectNode) json(fixture("deals-page1.json"));
        ObjectNode template = (ObjectNode) page.path("data").get(0);
        ArrayNode data = page.putArray("data");
        for (int id : ids) {
            data.add(template.deepCopy().put("id", id));
        }
        ((ObjectNode) page.path("additional_data")).putNull("next_cursor");
        return MAPPER.writeValueAsString(page);
    }

    private static String edit(String fixture, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode n = (ObjectNode) json(fixture(fixture));
        change.accept(n);
        return MAPPER.writeValueAsString(n);
    }
}
