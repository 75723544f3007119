package io.crmw.connectors.zoho;

import io.crmw.connectors.http.HttpProfile;
import io.crmw.connectors.http.Loopback;
import io.crmw.connectors.http.OAuthRefreshToken;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.kit.DeclaredConnector;
import io.crmw.connectors.kit.DeclaredStream;
import io.crmw.connectors.kit.Paginator;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zoho CRM, API v8. Streams, payloads, deletes and limits: {@code docs/zoho.md}. Auth: OAuth refresh at
 * {@code {accounts-url}/oauth/v2/token}, the token sent as {@code Zoho-oauthtoken} (never {@code Bearer}) to
 * {@code api-url} or else the token answer's {@code api_domain}. Record lists page with {@code page_token}, filter with
 * {@code If-Modified-Since} and name at most 50 fields per call ({@link FieldSets}); deletes come from each module's
 * {@code /deleted} feed. Budget: 10 calls in flight (Standard edition's concurrency); spent daily credits stop the
 * run resumably ({@link ZohoRules}).
 */
public final class ZohoConnector extends DeclaredConnector {

    public static final String TYPE = "zoho";

    static final String API = "/crm/v8";
    private static final String LIST = "per_page=200&sort_by=Modified_Time&sort_order=asc";
    static final Paginator PAGE_TOKEN = Paginator.token("page_token", "/info/next_page_token", "/info/more_records");
    static final Paginator PAGES = Paginator.pages("page", "/info/more_records", "/info/page");

    /** The modules whose field metadata is landed, in this order; each is also a record stream named in lower case. */
    static final List<String> MODULES = List.of("Leads", "Contacts", "Accounts", "Deals", "Calls", "Tasks", "Events",
            "Campaigns", "Products", "Sales_Orders", "Quotes", "Invoices");

    private static final List<DeclaredStream.Spec> STREAMS = streams();

    public static final List<String> STREAM_NAMES = STREAMS.stream().map(DeclaredStream.Spec::name).toList();

    private static final List<Setting> SETTINGS = List.of(
            Setting.url("accounts-url", "the data centre's accounts server, e.g. https://accounts.zoho.eu").asRequired(),
            Setting.text("client-id", "the OAuth client's id, e.g. 1000.XXXXXXXXXXXX").asRequired(),
            Setting.secret("client-secret", "the OAuth client's secret, e.g. client-secret: ${ZOHO_CLIENT_SECRET}")
                    .asRequired(),
            Setting.secret("refresh-token", "OAuth refresh token, e.g. refresh-token: ${ZOHO_REFRESH_TOKEN}").asRequired(),
            Setting.url("api-url", "API host, e.g. https://www.zohoapis.eu; default: the token answer's api_domain"),
            Setting.url("base-url", "not used by zoho: API calls go to api-url or the token answer's api_domain"),
            CommonSettings.LOOKBACK_MINUTES);

    public ZohoConnector() {
        this(Clock.systemUTC());
    }

    public ZohoConnector(Clock clock) {
        // Zoho limits calls in flight (Standard edition: 10) and credits per rolling day, not calls per second
        super(TYPE, STREAM_NAMES, SETTINGS, RateLimit.concurrent(10), clock);
    }

    /** The recycle bin keeps deletes about 60 days; a monthly ids-only pass catches what it lost. */
    @Override
    public Duration reconcileEvery() {
        return Duration.ofDays(30);
    }

    @Override
    public void validate(SourceConfig config) {
        super.validate(config);
        for (String key : List.of("accounts-url", "api-url")) {
            config.setting(key).map(URI::create).filter(u -> !Loopback.secureEnough(u.getScheme(), u.getHost()))
                    .ifPresent(u -> {
                        throw new ConfigException("source '" + config.name() + "': '" + key + "' must be https (http "
                                + "only on loopback): the OAuth secrets and tokens travel to it; got " + u);
                    });
        }
        if (config.setting("accounts-url").isEmpty()) {
            throw new ConfigException("source '" + config.name() + "': missing 'accounts-url', the data centre's "
                    + "accounts server, e.g. accounts-url: https://accounts.zoho.eu");
        }
    }

    /** Until the first token names {@code api_domain}, relative paths go to {@code api-url} or the accounts server. */
    @Override
    public URI baseUrl(SourceConfig config) {
        return URI.create(config.setting("api-url").orElseGet(() -> accountsUrl(config)));
    }

    @Override
    public HttpProfile httpProfile(SourceConfig config) {
        validate(config);
        OAuthRefreshToken auth = new OAuthRefreshToken(accountsUrl(config) + "/oauth/v2/token",
                config.setting("client-id").orElseThrow(() -> new ConfigException("source '" + config.name()
                        + "': missing 'client-id', the OAuth client's id, e.g. client-id: 1000.XXXXXXXXXXXX")),
                config.requireSecret("client-secret"), config.requireSecret("refresh-token"), Duration.ofSeconds(60),
                clock, "Zoho-oauthtoken", config.setting("api-url").isPresent() ? null : "api_domain");
        return new HttpProfile(auth, new ZohoRules(), Map.of());
    }

    @Override
    public List<Stream> streams(SourceConfig config, SourceHttp http) {
        ZohoMetadata metadata = new ZohoMetadata();
        return declared(STREAMS, config, http, s -> {
            switch (s.name()) {
                case "fields" -> s.transformByPhase(ZohoMetadata::withModule);
                case "deal_stages" -> s.transform(ZohoMetadata::dealStages);
                case "pipelines" -> s.query(metadata::dealsLayout);
                case "deal_stage_history" -> s.transform(StageHistory::perDeal);
                default -> {
                    if (MODULES.contains(moduleOf(s.name()))) {
                        FieldSets sets = new FieldSets(moduleOf(s.name()));
                        s.query(sets::firstSet).transform(sets::complete);
                    }
                }
            }
        });
    }

    private static List<DeclaredStream.Spec> streams() {
        List<DeclaredStream.Spec> all = new ArrayList<>(List.of(
                full("org", "/org", "/org"),
                full("users", "/users?type=AllUsers&per_page=200", "/users").paginator(PAGES),
                full("roles", "/settings/roles", "/roles"),
                full("currencies", "/org/currencies", "/currencies"),
                fields(),
                full("pipelines", "/settings/pipeline", "/pipeline"),
                full("deal_stages", "/settings/fields?module=Deals", "/fields").id("actual_value").sharedWithinRun()));
        for (String module : MODULES) {
            String list = API + "/" + module + ("Leads".equals(module) ? "?converted=both&" : "?") + LIST;
            all.add(incremental(module.toLowerCase(Locale.ROOT), list)
                    .deletedFeed(API + "/" + module + "/deleted?type=all&per_page=200", PAGES));
        }
        all.add(incremental("deal_stage_history", API + "/Deals?fields=id,Modified_Time&" + LIST)
                .id("deal_id").listedId("id"));
        return all;
    }

    private static DeclaredStream.Spec full(String name, String path, String recordsAt) {
        return DeclaredStream.named(name).get(API + path).records(recordsAt).changedAt("Modified_Time");
    }

    private static DeclaredStream.Spec incremental(String name, String path) {
        return DeclaredStream.named(name).get(path).paginator(PAGE_TOKEN).changedAt("Modified_Time")
                .incrementalHeader("If-Modified-Since", Duration.ofMinutes(10)).idsParam("fields", "id");
    }

    /** One listing per module, named after it, so each field record learns its module. */
    private static DeclaredStream.Spec fields() {
        DeclaredStream.Spec spec = DeclaredStream.named("fields").records("/fields").id("module", "api_name")
                .changedAt("Modified_Time").sharedWithinRun(); // the module streams' field sets read the same answers
        MODULES.forEach(module -> spec.thenGet(module, API + "/settings/fields?module=" + module));
        return spec;
    }

    /** {@code sales_orders} → {@code Sales_Orders}. */
    static String moduleOf(String stream) {
        return MODULES.stream().filter(m -> m.toLowerCase(Locale.ROOT).equals(stream)).findFirst().orElse("");
    }

    private static String accountsUrl(SourceConfig config) {
        String url = config.setting("accounts-url").orElseThrow().strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
