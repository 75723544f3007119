package io.crmw.connectors.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.crmw.connectors.WireMockVendorTest;
import io.crmw.connectors.http.OkHttpSourceHttp;
import io.crmw.connectors.http.RefreshTokenStore;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Zendesk Support's exports and lists against WireMock with Zendesk-format fixtures. */
class ZendeskSupportStreamsTest extends WireMockVendorTest<ZendeskSupportConnector> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TICKETS = "/api/v2/incremental/tickets/cursor.json";
    private static final String ORGANIZATIONS = "/api/v2/incremental/organizations.json";
    private static final String AFTER_1 = "MTcxNjIxNzIwMC4wfHwzNTQzN3w=";
    private static final String AFTER_2 = "MTcxNjI3MzAwMC4wfHwzNTIwMXw=";

    final WireMockServer server = startedWireMock();

    @Override
    protected ZendeskSupportConnector newConnector() {
        return new ZendeskSupportConnector(clock);
    }

    private SourceConfig config(Map<String, String> settings, Map<String, Secret> secrets) {
        return new SourceConfig("zendesk-main", "zendesk", URI.create(server.baseUrl()), settings, secrets, List.of(),
                Optional.empty());
    }

    private SourceConfig apiToken() {
        return config(Map.of("email", "ops@acme.com"), Map.of("api-token",
                new Secret("${ZENDESK_API_TOKEN}", "zd-token-6wK3")));
    }

    private Stream stream(String name) {
        return stream(apiToken(), name);
    }

    private static String fixture(String name) {
        return fixture("zendesk", name);
    }

    private static List<RawRecord> records(List<Page> pages) {
        return pages.stream().flatMap(p -> p.records().stream()).toList();
    }

    private List<String> requests() {
        return servedInOrder(server).stream()
                .map(e -> URLDecoder.decode(e.getRequest().getUrl(), StandardCharsets.UTF_8)).toList();
    }

    private static String last(List<Page> pages) {
        return pages.get(pages.size() - 1).cursorAfter();
    }

    private void stubTickets() {
        server.stubFor(get(urlPathEqualTo("/api/v2/ticket_fields")).willReturn(okJson(fixture("ticket-fields.json"))));
        server.stubFor(get(urlPathEqualTo(TICKETS)).withQueryParam("start_time", equalTo("0"))
                .willReturn(okJson(fixture("tickets-export-page1.json"))));
        server.stubFor(get(urlPathEqualTo(TICKETS)).withQueryParam("cursor", equalTo(AFTER_1))
                .willReturn(okJson(fixture("tickets-export-page2.json"))));
        server.stubFor(get(urlPathEqualTo(TICKETS)).withQueryParam("cursor", equalTo(AFTER_2))
                .willReturn(okJson(fixture("tickets-export-nothing-new.json"))));
    }

    @Test
    void offersTheDocumentedStreamsWithTheExportsIncremental() {
        List<Stream> streams = connector.streams(apiToken(), http(apiToken()));

        assertThat(streams).extracting(Stream::name).containsExactly("ticket_fields", "groups", "brands", "users",
                "organizations", "tickets", "ticket_metrics", "satisfaction_ratings");
        assertThat(streams).filteredOn(s -> s.mode() == SyncMode.INCREMENTAL).extracting(Stream::name)
                .containsExactly("users", "organizations", "tickets");
    }

    @Test
    void theCursorExportSendsStartTimeOnlyFirstReadsToEndOfStreamAndTheNextRunResumesFromTheLastCursor()
            throws Exception {
        stubTickets();

        List<Page> first = readAll(stream("tickets"), null);

        assertThat(first).extracting(Page::last).containsExactly(false, true);
        assertThat(records(first)).extracting(RawRecord::id, RawRecord::deleted, RawRecord::cursor).containsExactly(
                tuple("35436", false, "2024-05-20T14:03:11Z"),
                tuple("35437", false, "2024-05-20T15:00:00Z"),
                tuple("35201", true, "2024-05-21T06:30:00Z")); // status "deleted": a tombstone with its record
        JsonNode gateway = JSON.readTree(records(first).get(0).payload());
        assertThat(gateway.path("product").toString()).isEqualTo("{\"field\":\"Product\",\"id\":\"360012345678\","
                + "\"value\":\"product_sku_1008\",\"name\":\"Hardware Gateway\"}");
        assertThat(gateway.path("request_type").path("value").asString()).isEqualTo("complaint");
        JsonNode invoice = JSON.readTree(records(first).get(1).payload());
        assertThat(invoice.path("product").isNull()).isTrue();
        assertThat(invoice.path("request_type").path("name").asString()).isEqualTo("Billing");

        List<Page> second = readAll(stream("tickets"), last(first));

        assertThat(records(second)).isEmpty();
        assertThat(requests()).containsExactly(
                TICKETS + "?per_page=1000&start_time=0",
                "/api/v2/ticket_fields?page[size]=100", // once per run, for the first page with tickets
                TICKETS + "?per_page=1000&cursor=" + AFTER_1,
                TICKETS + "?per_page=1000&cursor=" + AFTER_2); // never start_time again (airbytehq/airbyte#28173)
        assertThat(JSON.readTree(last(second)).path("resume").path("live").asString()).isEqualTo(AFTER_2);
        String basic = "Basic " + Base64.getEncoder().encodeToString("ops@acme.com/token:zd-token-6wK3".getBytes(
                StandardCharsets.UTF_8));
        assertThat(server.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getHeader("Authorization"))
                .isEqualTo(basic));
    }

    @Test
    void theTicketFieldsAreReadOncePerRunForTheirStreamAndTheTicketsDropDowns() throws Exception {
        stubTickets();
        List<Stream> run = connector.streams(apiToken(), http(apiToken()));
        Stream fields = run.stream().filter(s -> s.name().equals("ticket_fields")).findFirst().orElseThrow();
        Stream tickets = run.stream().filter(s -> s.name().equals("tickets")).findFirst().orElseThrow();

        List<Page> landedFields = readAll(fields, null);
        List<Page> landedTickets = readAll(tickets, null);

        assertThat(records(landedFields)).extracting(RawRecord::id).contains("360012345678");
        assertThat(JSON.readTree(records(landedTickets).get(0).payload()).path("product").path("name").asString())
                .isEqualTo("Hardware Gateway"); // named by the answer the ticket_fields stream fetched
        assertThat(requests()).containsExactly(
                "/api/v2/ticket_fields?page[size]=100", // one call for both streams
                TICKETS + "?per_page=1000&start_time=0",
                TICKETS + "?per_page=1000&cursor=" + AFTER_1);
    }

    @Test
    void aCrashMidExportResumesAtTheCommittedCursorNotFromTheStart() throws Exception {
        stubTickets();
        Page firstPage = stream("tickets").read(null);

        List<Page> rest = readAll(stream("tickets"), firstPage.cursorAfter());

        assertThat(records(rest)).extracting(RawRecord::id).containsExactly("35201");
        assertThat(requests()).filteredOn(r -> r.startsWith(TICKETS)).containsExactly(
                TICKETS + "?per_page=1000&start_time=0", TICKETS + "?per_page=1000&cursor=" + AFTER_1);
    }

    @Test
    void theTimeBasedExportLandsTheOverlappingSecondOnceAndTheNextRunStartsAtTheLastEndTime() throws Exception {
        server.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("start_time", equalTo("0"))
                .willReturn(okJson(fixture("organizations-page1.json"))));
        server.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("start_time", equalTo("1716206400"))
                .willReturn(okJson(fixture("organizations-page2.json"))));
        server.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("start_time", equalTo("1716271200"))
                .willReturn(okJson(fixture("organizations-page2.json").replaceAll("(?s)\\{\\s*\"id\": 50997[45].*?\"deleted_at\": null\\s*},",
                        ""))));

        List<Page> first = readAll(stream("organizations"), null);

        // Acme (509974, updated at 12:00:00, the end time of page 1) is answered again on page 2: landed once
        assertThat(records(first)).extracting(RawRecord::id, RawRecord::deleted).containsExactly(
                tuple("509970", false), tuple("509974", false), tuple("509975", false), tuple("509981", true));

        List<Page> second = readAll(stream("organizations"), last(first));

        assertThat(records(second)).isEmpty(); // Old Corp's second (06:00:00) comes again: already landed
        assertThat(requests()).containsExactly(ORGANIZATIONS + "?per_page=1000&start_time=0",
                ORGANIZATIONS + "?per_page=1000&start_time=1716206400",
                ORGANIZATIONS + "?per_page=1000&start_time=1716271200");
    }

    @Test
    void aPageOfItemsAllInOneSecondMovesOnToTheNextSecond() throws Exception {
        server.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("start_time", equalTo("0"))
                .willReturn(okJson(fixture("organizations-one-second.json"))));
        server.stubFor(get(urlPathEqualTo(ORGANIZATIONS)).withQueryParam("start_time", equalTo("1716195601"))
                .willReturn(okJson(fixture("organizations-empty.json"))));

        List<Page> pages = readAll(stream("organizations"), null);

        assertThat(records(pages)).extracting(RawRecord::id).containsExactly("600001", "600002", "600003");
        assertThat(requests()).containsExactly(ORGANIZATIONS + "?per_page=1000&start_time=0",
                ORGANIZATIONS + "?per_page=1000&start_time=1716195601");
    }

    @Test
    void aPageWithoutEndOfStreamIsMalformedAndAskedAgainNeverTheEnd() {
        stubTickets();
        server.stubFor(get(urlPathEqualTo(TICKETS)).withQueryParam("start_time", equalTo("0"))
                .willReturn(okJson(fixture("tickets-export-page1.json").replace(",\n  \"end_of_stream\": false", ""))));

        assertThatThrownBy(() -> stream("tickets").read(null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("not a page").hasMessageContaining("/end_of_stream")
                .satisfies(e -> assertThat(((SourceException) e).resumable()).isTrue());
        assertThat(requests()).filteredOn(r -> r.startsWith(TICKETS)).hasSize(3);
    }

    @Test
    void theExportLimitsFourHundredTwentyNineWaitsExactlyItsRetryAfterHoweverLongAndGoesOn() throws Exception {
        stubTickets();
        server.stubFor(get(urlPathEqualTo(TICKETS)).withQueryParam("cursor", equalTo(AFTER_1)).inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("waited")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "53")
                        .withBody(fixture("error-429-export.json"))));
        server.stubFor(get(urlPathEqualTo(TICKETS)).withQueryParam("cursor", equalTo(AFTER_1)).inScenario("limit")
                .whenScenarioStateIs("waited").willReturn(okJson(fixture("tickets-export-page2.json"))));

        List<Page> pages = readAll(stream("tickets"), null);

        assertThat(records(pages)).hasSize(3);
        assertThat(time.sleeps).contains(Duration.ofSeconds(53));
    }

    @Test
    void exportsArePacedToTenAMinuteWhileListsAreNot() throws Exception {
        stubTickets();
        Stream tickets = stream("tickets");
        String cursor = last(readAll(tickets, null));
        for (int run = 0; run < 9; run++) { // 2 export calls, then 9 more: the 11th waits for the minute to pass
            cursor = last(readAll(tickets, cursor));
        }
        assertThat(time.sleeps).hasSize(1);
        // the first export call leaves the window a minute after its answer, plus the guard (a thousandth of it)
        assertThat(time.sleeps.get(0)).isGreaterThan(Duration.ofSeconds(59)).isLessThanOrEqualTo(Duration.ofMillis(60_060));
    }

    @Test
    void aStartTimeInsideTheLastMinuteStopsTheStreamResumably() {
        stubTickets();
        server.stubFor(get(urlPathEqualTo(TICKETS)).withQueryParam("cursor", equalTo(AFTER_1))
                .willReturn(aResponse().withStatus(422).withBody(fixture("error-422-too-recent.json"))));
        Stream tickets = stream("tickets");

        assertThatThrownBy(() -> readAll(tickets, null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("422").hasMessageContaining("most recent minute")
                .satisfies(e -> assertThat(((SourceException) e).resumable()).isTrue());
    }

    @Test
    void aRejectedApiTokenNamesTheVariableNeverTheToken() {
        server.stubFor(get(urlPathEqualTo("/api/v2/ticket_fields"))
                .willReturn(aResponse().withStatus(401).withBody(fixture("error-401.json"))));

        assertThatThrownBy(() -> stream("ticket_fields").read(null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("401").hasMessageContaining("${ZENDESK_API_TOKEN}")
                .hasMessageContaining("Couldn't authenticate you").hasMessageNotContaining("zd-token-6wK3")
                .satisfies(e -> assertThat(((SourceException) e).resumable()).isFalse());
    }

    @Test
    void oauthStoresTheRotatedRefreshTokenBeforeItsAccessTokenIsUsed() throws Exception {
        server.stubFor(post("/oauth/tokens").withRequestBody(containing("refresh_token=zdrt-initial-1111"))
                .willReturn(okJson(fixture("oauth-token.json"))));
        server.stubFor(get(urlPathEqualTo("/api/v2/groups")).withHeader("Authorization", equalTo("Bearer zd-access-AAAA"))
                .willReturn(okJson("{\"groups\":[{\"id\":98738,\"name\":\"Product Support\",\"updated_at\":"
                        + "\"2024-01-01T00:00:00Z\"}],\"meta\":{\"has_more\":false,\"after_cursor\":null},\"links\":{}}")));
        SourceConfig oauth = config(Map.of("client-id", "crmw"), Map.of(
                "client-secret", new Secret("${ZENDESK_CLIENT_SECRET}", "zd-client-secret"),
                "refresh-token", new Secret("${ZENDESK_REFRESH_TOKEN}", "zdrt-initial-1111")));
        List<String> saved = new ArrayList<>();
        OkHttpSourceHttp http = http(oauth);
        http.keepRefreshTokensIn(new RefreshTokenStore() {
            private final Map<String, Entry> kept = new HashMap<>();

            @Override
            public Optional<Entry> load(String source) {
                return Optional.ofNullable(kept.get(source));
            }

            @Override
            public void save(String source, Entry entry) {
                saved.add(source + " after " + server.findAll(getRequestedFor(urlPathEqualTo("/api/v2/groups"))).size()
                        + " API calls");
                kept.put(source, entry);
            }
        });
        Stream groups = connector.streams(oauth, http).stream().filter(s -> s.name().equals("groups")).findFirst()
                .orElseThrow();

        assertThat(records(readAll(groups, null))).extracting(RawRecord::id).containsExactly("98738");
        assertThat(saved).containsExactly("zendesk-main after 0 API calls");
        server.verify(postRequestedFor(urlEqualTo("/oauth/tokens")).withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("client_id=crmw")));
    }

    @Test
    void anApiTokenWithoutItsAgentsEmailIsRefusedAtValidation() {
        SourceConfig noEmail = config(Map.of(), Map.of("api-token", new Secret("${ZENDESK_API_TOKEN}", "t")));
        assertThatThrownBy(() -> connector.validate(noEmail)).hasMessageContaining("'api-token' needs 'email'");
    }
}
