package io.crmw.connectors.zendesk;

import io.crmw.connectors.http.HttpProfile;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.http.StaticBearerToken;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.DeclaredConnector;
import io.crmw.connectors.kit.DeclaredStream;
import io.crmw.connectors.kit.Listings;
import io.crmw.connectors.kit.Paginator;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Zendesk Sell (formerly Base), Core API v2. Streams, payloads, deletes and limits: {@code docs/zendesk.md}. Lists
 * page by number while {@code meta.links.next_page} is there, records in {@code items[].data}. The Core API has no
 * updated-since filter: changing resources are read {@code sort_by=updated_at:desc} until the first record older
 * than the cursor. Deletes of deals, contacts and leads come from the Firehose ({@code /v3/<resource>/stream}, its
 * position kept in the cursor, read before the list); calls, tasks, notes, orders and line items are reconciled by
 * ids daily. Auth: a personal access token or OAuth2 access token as Bearer. Budget: 36,000 requests an hour.
 */
public final class ZendeskSellConnector extends DeclaredConnector {

    public static final String TYPE = "zendesk-sell";

    private static final Paginator PAGES = Paginator.linkedPages("page", "/meta/links/next_page");
    private static final Paginator FIREHOSE = Paginator.feedPosition("position", "top", "/meta/position", "/meta/top");
    private static final String NEWEST_FIRST = "?per_page=100&sort_by=updated_at:desc";

    private static final List<DeclaredStream.Spec> STREAMS = List.of(
            list("users"), list("pipelines"), list("stages"), list("call_outcomes"), list("loss_reasons"),
            list("deal_sources"), list("lead_sources"), list("products"),
            changing("contacts", true), changing("leads", true), changing("deals", true),
            changing("orders", false),
            changing("line_items", false).id("order_id").listedId("id"),
            changing("calls", false), changing("tasks", false), changing("notes", false));

    public static final List<String> STREAM_NAMES = STREAMS.stream().map(DeclaredStream.Spec::name).toList();

    private static final List<Setting> SETTINGS = List.of(
            Setting.secret("token", "a personal access token or OAuth2 access token, sent as Bearer; "
                    + "e.g. token: ${ZENDESK_SELL_TOKEN}").asRequired(),
            CommonSettings.LOOKBACK_MINUTES);

    public ZendeskSellConnector() {
        this(Clock.systemUTC());
    }

    public ZendeskSellConnector(Clock clock) {
        super(TYPE, STREAM_NAMES, SETTINGS, new RateLimit(36_000, Duration.ofHours(1)), clock);
    }

    /** Calls, tasks, notes and orders have no delete feed: their ids are listed daily. */
    @Override
    public Duration reconcileEvery() {
        return Duration.ofDays(1);
    }

    @Override
    public HttpProfile httpProfile(SourceConfig config) {
        return new HttpProfile(new StaticBearerToken(config.requireSecret("token")), ZendeskRules.SELL, Map.of());
    }

    @Override
    public List<Stream> streams(SourceConfig config, SourceHttp http) {
        return declared(STREAMS, config, http, s -> {
            if (s.name().equals("line_items")) {
                s.transform(ZendeskSellConnector::orderLines);
            }
        });
    }

    private static DeclaredStream.Spec list(String resource) {
        return DeclaredStream.named(resource).get("/v2/" + resource + "?per_page=100").records("/items", "/data")
                .paginator(PAGES).changedAt("updated_at");
    }

    /** Newest change first; with {@code firehose}, the resource's deletes from its Firehose are read before. */
    private static DeclaredStream.Spec changing(String name, boolean firehose) {
        String resource = name.equals("line_items") ? "orders" : name;
        DeclaredStream.Spec spec = DeclaredStream.named(name);
        if (firehose) {
            spec.deletedFeed("/v3/" + resource + "/stream?limit=100", FIREHOSE, "/items", ZendeskSellConnector::deletes);
        }
        return spec.get("/v2/" + resource + NEWEST_FIRST).records("/items", "/data").paginator(PAGES)
                .changedAt("updated_at").newestFirst(Duration.ofMinutes(10));
    }

    /** The Firehose's {@code deleted} events as thin tombstones {@code {id, updated_at: <event time>}}. */
    static List<ObjectNode> deletes(List<ObjectNode> events, StreamHttp http) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode e : events) {
            JsonNode meta = e.path("meta");
            if ("deleted".equals(meta.path("event_type").asString("")) && e.path("data").has("id")) {
                out.add(e.objectNode().set("id", e.path("data").path("id")).put("updated_at",
                        meta.path("event_time").asString(null)));
            }
        }
        return out;
    }

    /** One record per order: {@code {"order_id", "deal_id", "updated_at", "data": [its line items]}}. */
    static List<ObjectNode> orderLines(List<ObjectNode> orders, StreamHttp http) throws IOException {
        return Listings.perParent(orders, order -> Listings.all("line items", http, "/v2/orders/"
                + order.path("id").asString() + "/line_items?per_page=100", "/items", "/data", PAGES),
                "order_id", "id", "deal_id", "deal_id", "updated_at", "updated_at");
    }
}
