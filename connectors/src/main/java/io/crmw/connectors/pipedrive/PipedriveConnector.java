package io.crmw.connectors.pipedrive;

import io.crmw.connectors.http.HttpProfile;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.kit.DeclaredConnector;
import io.crmw.connectors.kit.DeclaredStream;
import io.crmw.connectors.kit.HeaderToken;
import io.crmw.connectors.kit.Paginator;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Pipedrive: API v2 wherever v2 has the resource (cursor paging, {@code updated_since} with {@code sort_by=update_time}),
 * v1 only where it has none (users, leads, lead sources and labels, activity types, currencies, notes, deal
 * changelog). Streams, payloads, deletes and limits: {@code docs/pipedrive.md}. Auth: the company's API token in the
 * {@code x-api-token} header. Budget: 40 requests per 2 s (the Growth plan's burst window for an API token); the
 * daily token budget is Pipedrive's: when it is spent the run stops resumably ({@link PipedriveRules}).
 */
public final class PipedriveConnector extends DeclaredConnector {

    public static final String TYPE = "pipedrive";

    private static final String V2_LIST = "limit=500&sort_by=update_time&sort_direction=asc";
    private static final String V1_LIST = "limit=500";
    private static final Paginator V2 = Paginator.token("cursor", "/additional_data/next_cursor");
    private static final Paginator V1 = Paginator.offset("start", "/additional_data/pagination/more_items_in_collection",
            "/additional_data/pagination/next_start");

    private static final List<DeclaredStream.Spec> STREAMS = List.of(
            v1("users", "/v1/users").paginator(Paginator.single()).changedAt("modified").deletedWhen(isDeleted()),
            v2Full("pipelines", "/api/v2/pipelines?limit=500"),
            v2Full("stages", "/api/v2/stages?limit=500"),
            v1("activity_types", "/v1/activityTypes").paginator(Paginator.single()),
            v1("currencies", "/v1/currencies").paginator(Paginator.single()).id("code").changedAt("code"),
            v1("lead_sources", "/v1/leadSources").paginator(Paginator.single()).id("name").changedAt("name"),
            v1("lead_labels", "/v1/leadLabels").paginator(Paginator.single()),
            fields("deal_fields", "dealFields"),
            fields("person_fields", "personFields"),
            fields("organization_fields", "organizationFields"),
            fields("product_fields", "productFields"),
            fields("activity_fields", "activityFields"),
            v2Incremental("organizations", "/api/v2/organizations?include_fields=website&" + V2_LIST),
            v2Incremental("persons", "/api/v2/persons?" + V2_LIST),
            v2Full("products", "/api/v2/products?" + V2_LIST),
            v2Incremental("deals", "/api/v2/deals?" + V2_LIST)
                    .thenGet("archived", "/api/v2/deals/archived?" + V2_LIST)
                    .deletedFeed("/api/v2/deals?status=deleted&" + V2_LIST),
            v2Incremental("deal_products", "/api/v2/deals?" + V2_LIST)
                    .thenGet("archived", "/api/v2/deals/archived?" + V2_LIST)
                    .deletedFeed("/api/v2/deals?status=deleted&" + V2_LIST) // a deleted deal's lines go with it
                    .deletedWhen(r -> false).id("deal_id").listedId("id"),
            v2Incremental("deal_changelog", "/api/v2/deals?" + V2_LIST)
                    .thenGet("archived", "/api/v2/deals/archived?" + V2_LIST)
                    .deletedWhen(r -> false).id("deal_id").listedId("id")
                    // no bulk changelog: one call per deal, only for deals whose stage moved since the last pass
                    .childrenChangedAt("stage_change_time"),
            v2Incremental("activities", "/api/v2/activities?" + V2_LIST),
            v1("leads", "/v1/leads?" + V1_LIST).thenGet("archived", "/v1/leads/archived?" + V1_LIST),
            v1("notes", "/v1/notes?sort=update_time%20ASC&" + V1_LIST).deletedWhen(r -> r.path("active_flag").isBoolean()
                    && !r.path("active_flag").asBoolean()));

    /** The entity behind each stream whose records carry custom fields, by the stream of its field metadata. */
    private static final Map<String, String> FIELDS_OF = Map.of("organizations", "organizationFields",
            "persons", "personFields", "products", "productFields", "deals", "dealFields", "activities", "activityFields");

    public static final List<String> STREAM_NAMES = STREAMS.stream().map(DeclaredStream.Spec::name).toList();

    private static final List<Setting> SETTINGS = List.of(
            Setting.secret("api-token", "the company API token of an admin user, sent as x-api-token; "
                    + "e.g. api-token: ${PIPEDRIVE_API_TOKEN}").asRequired(),
            CommonSettings.LOOKBACK_MINUTES);

    public PipedriveConnector() {
        this(Clock.systemUTC());
    }

    public PipedriveConnector(Clock clock) {
        super(TYPE, STREAM_NAMES, SETTINGS, new RateLimit(40, Duration.ofSeconds(2)), clock);
    }

    /** Deleted deals stay listed for 30 days; other deletes leave no trace, so ids are reconciled daily. */
    @Override
    public Duration reconcileEvery() {
        return Duration.ofDays(1);
    }

    @Override
    public HttpProfile httpProfile(SourceConfig config) {
        return new HttpProfile(new HeaderToken("x-api-token", config.requireSecret("api-token")), new PipedriveRules(),
                Map.of());
    }

    @Override
    public List<Stream> streams(SourceConfig config, SourceHttp http) {
        return declared(STREAMS, config, http, s -> {
            switch (s.name()) {
                case "deal_products" -> s.transform(DealChildren::products);
                case "deal_changelog" -> s.transform(DealChildren::changelogs);
                default -> {
                    String fields = FIELDS_OF.get(s.name());
                    if (fields != null) {
                        s.transform(new CustomFieldNames("/api/v2/" + fields + "?limit=500", V2)::name);
                    }
                }
            }
        });
    }

    private static DeclaredStream.Spec v1(String name, String path) {
        return DeclaredStream.named(name).get(path).paginator(V1).changedAt("update_time");
    }

    private static DeclaredStream.Spec v2Full(String name, String path) {
        return DeclaredStream.named(name).get(path).paginator(V2).deletedWhen(isDeleted());
    }

    private static DeclaredStream.Spec v2Incremental(String name, String path) {
        return v2Full(name, path).incremental("updated_since", Duration.ofMinutes(10));
    }

    private static DeclaredStream.Spec fields(String name, String endpoint) {
        return DeclaredStream.named(name).get("/api/v2/" + endpoint + "?limit=500").paginator(V2).id("field_code")
                .changedAt("field_code").sharedWithinRun(); // custom_fields_by_name reads the same pages
    }

    private static java.util.function.Predicate<JsonNode> isDeleted() {
        return r -> r.path("is_deleted").asBoolean(false);
    }
}
