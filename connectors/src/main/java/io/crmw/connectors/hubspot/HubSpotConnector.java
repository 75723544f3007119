package io.crmw.connectors.hubspot;

import io.crmw.connectors.http.Auth;
import io.crmw.connectors.http.HttpProfile;
import io.crmw.connectors.http.OAuthRefreshToken;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.http.StaticBearerToken;
import io.crmw.connectors.kit.DeclaredConnector;
import io.crmw.connectors.kit.DeclaredStream;
import io.crmw.connectors.kit.Paginator;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HubSpot (crm-apis.md §1). Auth: secret {@code token} (private app, static bearer), or setting {@code client-id}
 * + secrets {@code client-secret} and {@code refresh-token} (OAuth refresh at {@code ${base-url}/oauth/v1/token}).
 * Settings: see {@link #SETTINGS}. Budget 190 requests / 10 s.
 * Streams: see {@link #STREAM_NAMES}; CRM objects are incremental ({@link CrmObjectStream}, which documents the
 * cursor and the payload's {@code associations}), the rest full-refresh lists declared on the kit ({@code list}),
 * among them the portal's currencies from the settings API (scope {@code settings.currencies.read}): the company
 * currency (one record, {@code id} = its code) and every exchange rate with its {@code effectiveAt}, which
 * reports use to take deals' company-currency amounts on to the reporting currency.
 */
public final class HubSpotConnector extends DeclaredConnector {

    public static final String TYPE = "hubspot";

    static final List<CrmObject> OBJECTS = List.of(
            CrmObject.of("companies", "companies"),
            CrmObject.of("contacts", "contacts", "companies"),
            CrmObject.of("deals", "deals", "companies", "contacts"),
            CrmObject.of("line_items", "line_items", "deals"),
            CrmObject.of("products", "products"),
            CrmObject.of("calls", "calls", "deals", "contacts", "companies"),
            CrmObject.of("emails", "emails", "deals", "contacts", "companies"),
            CrmObject.of("meetings", "meetings", "deals", "contacts", "companies"),
            CrmObject.of("tasks", "tasks", "deals", "contacts", "companies"),
            CrmObject.of("notes", "notes", "deals", "contacts", "companies"),
            CrmObject.of("tickets", "tickets", "companies", "contacts"),
            CrmObject.of("goals", "goal_targets"));

    public static final List<String> STREAM_NAMES = List.of("company_currency", "exchange_rates", "owners",
            "deal_pipelines", "ticket_pipelines",
            "companies", "contacts", "deals", "line_items", "products", "calls", "emails", "meetings", "tasks", "notes",
            "tickets", "marketing_emails", "goals");

    static final Setting SEARCH_REQUESTS_PER_SECOND = Setting.wholeNumber("search-requests-per-second", 4, 1, 100,
            "budget of the search API; one under HubSpot's 5/s, whose window is not aligned with ours");

    static final List<Setting> SETTINGS = List.of(
            Setting.secret("token", "private-app token, sent as Bearer, e.g. token: ${HUBSPOT_TOKEN}"),
            Setting.text("client-id", "OAuth app's client id (OAuth instead of token, with client-secret and refresh-token)"),
            Setting.secret("client-secret", "OAuth app's client secret, e.g. client-secret: ${HUBSPOT_CLIENT_SECRET}"),
            Setting.secret("refresh-token", "OAuth refresh token, e.g. refresh-token-file: /run/secrets/hubspot_refresh"),
            CommonSettings.LOOKBACK_MINUTES,
            SEARCH_REQUESTS_PER_SECOND);

    public HubSpotConnector() {
        this(Clock.systemUTC());
    }

    public HubSpotConnector(Clock clock) {
        super(TYPE, STREAM_NAMES, SETTINGS, new RateLimit(190, Duration.ofSeconds(10)), clock);
    }

    @Override
    public void validate(SourceConfig config) {
        CommonSettings.requireTokenOrOAuth(config, "token", "private app token, e.g. token: ${HUBSPOT_TOKEN}");
        super.validate(config);
    }

    @Override
    public HttpProfile httpProfile(SourceConfig config) {
        validate(config);
        Auth auth = config.secret("token").<Auth>map(StaticBearerToken::new).orElseGet(() -> new OAuthRefreshToken(
                config.urlOf("/oauth/v1/token"),
                config.setting("client-id").orElseThrow(),
                config.requireSecret("client-secret"),
                config.requireSecret("refresh-token"),
                Duration.ofSeconds(60), clock));
        // one under HubSpot's 5/s: its window and ours are not aligned, and HubSpot wants errors under 5%
        int searchPerSecond = (int) CommonSettings.wholeNumber(config, SEARCH_REQUESTS_PER_SECOND);
        return new HttpProfile(auth, new HubSpotRules(),
                Map.of(HubSpotRules.SEARCH_BUDGET, RateLimit.perSecond(searchPerSecond)));
    }

    /**
     * A full-refresh HubSpot list ({@code results[]} + {@code paging.next.after}): owners, pipelines, marketing e-mails.
     * Records flagged {@code archived} are tombstones; with {@code archivedListing} (owners) a second listing with
     * {@code archived=true} follows, all of it tombstones. Payload = the HubSpot object as received.
     */
    private Stream list(String name, String path, boolean archivedListing, SourceConfig config, SourceHttp http) {
        DeclaredStream.Spec spec = DeclaredStream.named(name).get(path).records("/results")
                .paginator(Paginator.token("after", "/paging/next/after")).changedAt("updatedAt")
                .deletedWhen(r -> r.path("archived").asBoolean(false));
        if (archivedListing) {
            spec.deletedFeed(path + (path.contains("?") ? "&" : "?") + "archived=true");
        }
        return spec.build(config.name(), http.forStream(name), clock);
    }

    @Override
    public List<Stream> streams(SourceConfig config, SourceHttp http) {
        Duration lookback = CommonSettings.lookback(config);
        List<Stream> all = new ArrayList<>();
        all.add(DeclaredStream.named("company_currency").get("/settings/v3/currencies/company-currency").records("")
                .changedAt("createdAt").build(config.name(), http.forStream("company_currency"), clock));
        all.add(list("exchange_rates", "/settings/v3/currencies/exchange-rates?limit=100", false, config, http));
        all.add(list("owners", "/crm/v3/owners?limit=100", true, config, http));
        all.add(list("deal_pipelines", "/crm/v3/pipelines/deals", false, config, http));
        all.add(list("ticket_pipelines", "/crm/v3/pipelines/tickets", false, config, http));
        for (CrmObject object : OBJECTS) {
            all.add(new CrmObjectStream(object, http.forStream(object.stream()), lookback, clock));
        }
        all.add(list("marketing_emails", "/marketing/v3/emails?includeStats=true&limit=100", false, config, http));
        all.sort(java.util.Comparator.comparingInt(s -> STREAM_NAMES.indexOf(s.name())));
        return all.stream().filter(s -> config.streams().isEmpty() || config.streams().contains(s.name())).toList();
    }

}
