package io.crmw.connectors.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Zendesk Sell's lists, envelope and Firehose against WireMock with Sell-format fixtures. */
class ZendeskSellStreamsTest extends WireMockVendorTest<ZendeskSellConnector> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEALS = "/v2/deals";
    private static final String FIREHOSE = "/v3/deals/stream";
    private static final String TOP = "MTcxNjI3NDgwMDAwMDp0b3A";

    final WireMockServer server = startedWireMock();

    @Override
    protected ZendeskSellConnector newConnector() {
        return new ZendeskSellConnector(clock);
    }

    private SourceConfig config() {
        return new SourceConfig("sell-main", "zendesk-sell", URI.create(server.baseUrl()), Map.of(),
                Map.of("token", new Secret("${ZENDESK_SELL_TOKEN}", "sell-token-3c5e")), List.of(), Optional.empty());
    }

    private Stream stream(String name) {
        return stream(config(), name);
    }

    private static String fixture(String name) {
        return fixture("zendesk-sell", name);
    }

    private static List<RawRecord> records(List<Page> pages) {
        return pages.stream().flatMap(p -> p.records().stream()).toList();
    }

    private List<String> requests() {
        return servedInOrder(server).stream()
                .map(e -> URLDecoder.decode(e.getRequest().getUrl(), StandardCharsets.UTF_8)).toList();
    }

    private void stubFirstRun() {
        server.stubFor(get(urlPathEqualTo(FIREHOSE)).withQueryParam("position", equalTo("top"))
                .willReturn(okJson(fixture("firehose-top.json"))));
        server.stubFor(get(urlPathEqualTo(DEALS)).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(fixture("deals-page1.json"))));
        server.stubFor(get(urlPathEqualTo(DEALS)).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(fixture("deals-page2.json"))));
    }

    @Test
    void offersTheDocumentedResourcesWithChangingOnesIncremental() {
        List<Stream> streams = connector.streams(config(), http(config()));

        assertThat(streams).extracting(Stream::name).containsExactly("users", "pipelines", "stages", "call_outcomes",
                "loss_reasons", "deal_sources", "lead_sources", "products", "contacts", "leads", "deals", "orders",
                "line_items", "calls", "tasks", "notes");
        assertThat(streams).filteredOn(s -> s.mode() == SyncMode.INCREMENTAL).hasSize(8);
    }

    @Test
    void aFirstRunTakesTheFirehosePositionThenReadsEveryPageOutOfItsEnvelope() throws Exception {
        stubFirstRun();

        List<Page> pages = readAll(stream("deals"), null);

        assertThat(records(pages)).extracting(RawRecord::id, RawRecord::deleted, RawRecord::cursor).containsExactly(
                tuple("1234569", false, "2024-05-21T07:00:00Z"),
                tuple("1234567", false, "2024-05-20T14:03:11Z"),
                tuple("1234501", false, "2024-04-02T10:00:00Z"));
        assertThat(JSON.readTree(records(pages).get(1).payload()).path("value").asString()).isEqualTo("25000.00");
        assertThat(requests()).containsExactly(FIREHOSE + "?limit=100&position=top",
                DEALS + "?per_page=100&sort_by=updated_at:desc&page=1",
                DEALS + "?per_page=100&sort_by=updated_at:desc&page=2");
        var cursor = JSON.readTree(pages.get(pages.size() - 1).cursorAfter());
        assertThat(cursor.path("resume").path("deleted").asString()).isEqualTo(TOP);
        assertThat(cursor.path("since").asString()).isEqualTo("2024-05-21T06:50:00Z"); // newest seen − 10 min
        assertThat(server.getAllServeEvents()).allSatisfy(e -> {
            assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer sell-token-3c5e");
            assertThat(e.getRequest().getHeader("User-Agent")).isNotBlank();
        });
    }

    @Test
    void theNextRunLandsTheFirehoseDeletesAndStopsTheNewestFirstListAtTheCursor() throws Exception {
        stubFirstRun();
        List<Page> first = readAll(stream("deals"), null);
        server.resetRequests();
        server.stubFor(get(urlPathEqualTo(FIREHOSE)).withQueryParam("position", equalTo(TOP))
                .willReturn(okJson(fixture("firehose-deals.json"))));

        List<Page> second = readAll(stream("deals"), first.get(first.size() - 1).cursorAfter());

        // the deleted event as a thin tombstone (the update event is read from the list); the list's first page holds
        // the one deal changed since 06:50, and a deal older than that ends the pass: page 2 is never asked for
        assertThat(records(second)).extracting(RawRecord::id, RawRecord::deleted).containsExactly(
                tuple("1234501", true), tuple("1234569", false));
        assertThat(JSON.readTree(records(second).get(0).payload()).toString())
                .isEqualTo("{\"id\":1234501,\"updated_at\":\"2024-05-21T09:20:00Z\"}");
        assertThat(requests()).containsExactly(FIREHOSE + "?limit=100&position=" + TOP,
                DEALS + "?per_page=100&sort_by=updated_at:desc&page=1");
        assertThat(JSON.readTree(second.get(second.size() - 1).cursorAfter()).path("resume").path("deleted").asString())
                .isEqualTo("MTcxNjI4MzIwMDAwMDo0YjJh");
    }

    @Test
    void lineItemsAreOneRecordPerOrderWithItsLines() throws Exception {
        server.stubFor(get(urlPathEqualTo("/v2/orders")).willReturn(okJson(fixture("orders.json"))));
        server.stubFor(get(urlPathEqualTo("/v2/orders/551/line_items"))
                .willReturn(okJson(fixture("order-551-line-items.json"))));

        List<RawRecord> lines = records(readAll(stream("line_items"), null));

        assertThat(lines).extracting(RawRecord::id).containsExactly("551");
        var order = JSON.readTree(lines.get(0).payload());
        assertThat(order.path("deal_id").asLong()).isEqualTo(1234567L);
        assertThat(order.path("data")).extracting(n -> n.path("id").asLong()).containsExactly(9001L, 9002L);
        assertThat(requests()).containsExactly("/v2/orders?per_page=100&sort_by=updated_at:desc&page=1",
                "/v2/orders/551/line_items?per_page=100&page=1");
    }

    @Test
    void anIncrementalPassReadsTheLineItemsOnlyOfOrdersChangedSinceItsCursor() throws Exception {
        String orders = fixture("orders.json").replace("\"items\": [", "\"items\": [\n    { \"data\": { \"id\": 552, "
                + "\"deal_id\": 1234568, \"discount\": 5, \"created_at\": \"2024-05-21T06:00:00Z\", "
                + "\"updated_at\": \"2024-05-21T07:00:00Z\" }, \"meta\": { \"type\": \"order\" } },");
        server.stubFor(get(urlPathEqualTo("/v2/orders")).willReturn(okJson(orders)));
        server.stubFor(get(urlPathEqualTo("/v2/orders/552/line_items"))
                .willReturn(okJson(fixture("order-551-line-items.json"))));

        List<RawRecord> lines = records(readAll(stream("line_items"), "{\"phase\":0,\"since\":\"2024-05-21T00:00:00Z\"}"));

        assertThat(lines).extracting(RawRecord::id, RawRecord::cursor).containsExactly(tuple("552", "2024-05-21T07:00:00Z"));
        assertThat(requests()).containsExactly("/v2/orders?per_page=100&sort_by=updated_at:desc&page=1",
                "/v2/orders/552/line_items?per_page=100&page=1"); // order 551 changed before the cursor: not read
    }

    @Test
    void anItemWithoutItsDataEnvelopeIsMalformedNeverEmpty() {
        stubFirstRun();
        server.stubFor(get(urlPathEqualTo(DEALS)).withQueryParam("page", equalTo("1"))
                .willReturn(okJson("{\"items\":[{\"meta\":{\"type\":\"deal\"}}],\"meta\":{\"type\":\"collection\"}}")));
        Stream deals = stream("deals");

        assertThatThrownBy(() -> readAll(deals, null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("not a page").hasMessageContaining("/items/data")
                .satisfies(e -> assertThat(((SourceException) e).resumable()).isTrue());
    }

    @Test
    void anExpiredFirehosePositionSaysToReadEverythingAgain() throws Exception {
        stubFirstRun();
        List<Page> first = readAll(stream("deals"), null);
        String cursor = first.get(first.size() - 1).cursorAfter();
        server.stubFor(get(urlPathEqualTo(FIREHOSE)).withQueryParam("position", equalTo(TOP))
                .willReturn(aResponse().withStatus(410).withBody(fixture("error-position-expired.json"))));
        Stream deals = stream("deals");

        assertThatThrownBy(() -> readAll(deals, cursor)).isInstanceOf(SourceException.class)
                .hasMessageContaining("410").hasMessageContaining("position_expired").hasMessageContaining("--full-refresh");
    }

    @Test
    void aRejectedTokenNamesTheVariable() {
        server.stubFor(get(urlPathEqualTo("/v2/users"))
                .willReturn(aResponse().withStatus(401).withBody(fixture("error-401.json"))));

        assertThatThrownBy(() -> stream("users").read(null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("401").hasMessageContaining("${ZENDESK_SELL_TOKEN}")
                .hasMessageNotContaining("sell-token-3c5e");
    }
}
