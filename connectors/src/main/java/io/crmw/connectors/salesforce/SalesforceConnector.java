package io.crmw.connectors.salesforce;

import io.crmw.connectors.http.HttpFactory;
import io.crmw.connectors.http.HttpProfile;
import io.crmw.connectors.http.HttpProfileProvider;
import io.crmw.connectors.http.Sleeper;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Salesforce (crm-apis.md §2).
 *
 * <p><b>Auth</b> ({@link SalesforceOAuth}) at {@code {login URL}/services/oauth2/token}. The login URL is the setting
 * {@code login-url}, else the source's {@code base-url} (e.g. {@code https://login.salesforce.com},
 * {@code https://test.salesforce.com} or the org's My Domain); API calls never use it: they go to the
 * {@code instance_url} of the token response. Flow, by the keys present (setting {@code client-id} always):
 * secret {@code refresh-token} (+ secret {@code client-secret} when the app requires it) ⇒ refresh token;
 * setting {@code username} + secret {@code private-key} (PEM RSA key, configured as {@code private-key-file: /path})
 * ⇒ JWT bearer; secret {@code client-secret} alone ⇒ client credentials (login URL must be the My Domain host).
 *
 * <p><b>Settings</b>: see {@link #SETTINGS}. Budget 20 requests/s (the daily allocation is Salesforce's real limit).
 */
public final class SalesforceConnector implements Connector, HttpProfileProvider {

    public static final String TYPE = "salesforce";
    static final String DEFAULT_FULL_REFRESH =
            "user_roles,opportunity_stages,campaign_members,currency_types,dated_conversion_rates";

    static final List<SObject> OBJECTS = List.of(
            SObject.incremental("users", "User"),
            SObject.incremental("user_roles", "UserRole"),
            SObject.incremental("accounts", "Account"),
            SObject.incremental("contacts", "Contact"),
            SObject.incremental("leads", "Lead"),
            SObject.incremental("opportunities", "Opportunity"),
            SObject.incremental("opportunity_stages", "OpportunityStage"),
            SObject.incremental("opportunity_history", "OpportunityHistory"),
            SObject.incremental("opportunity_line_items", "OpportunityLineItem"),
            SObject.incremental("products", "Product2"),
            SObject.incremental("pricebook_entries", "PricebookEntry"),
            SObject.incremental("campaigns", "Campaign"),
            SObject.incremental("campaign_members", "CampaignMember"),
            new SObject("tasks", "Task", false, true, false),
            new SObject("events", "Event", false, true, false),
            SObject.incremental("cases", "Case"),
            new SObject("currency_types", "CurrencyType", false, false, true),
            new SObject("dated_conversion_rates", "DatedConversionRate", false, false, true));

    public static final List<String> STREAM_NAMES = OBJECTS.stream().map(SObject::stream).toList();

    static final Setting LOGIN_URL = Setting.url("login-url",
            "OAuth login host: https://login.salesforce.com, https://test.salesforce.com or the org's My Domain");
    static final Setting API_VERSION = Setting.text("api-version", "REST API version, e.g. v62.0").withDefault("v62.0");
    static final Setting QUERY_LIMIT = Setting.wholeNumber("query-limit", 10_000, 1, 1_000_000,
            "SOQL LIMIT of one keyset query");
    static final Setting BULK_THRESHOLD = Setting.wholeNumber("bulk-threshold", 50_000, 0, 1_000_000_000,
            "first loads of objects with more rows use Bulk API 2.0; 0 = never");
    static final Setting BULK_PAGE_SIZE = Setting.wholeNumber("bulk-page-size", 10_000, 1, 1_000_000,
            "records per Bulk API 2.0 results page");
    static final Setting BULK_MAX_WAIT_MINUTES = Setting.wholeNumber("bulk-max-wait-minutes", 30, 1, 1440,
            "longest wait for a Bulk API 2.0 query job");
    static final Setting FULL_REFRESH_STREAMS = Setting.text("full-refresh-streams",
            "comma list of streams read whole every run, so hard deletes become tombstones").withDefault(DEFAULT_FULL_REFRESH);

    static final List<Setting> SETTINGS = List.of(
            Setting.url("base-url", "the login host when login-url is not given (API calls go to the token's instance_url)"),
            LOGIN_URL,
            Setting.text("client-id", "connected app's consumer key").asRequired(),
            Setting.secret("client-secret", "connected app's consumer secret, e.g. client-secret: ${SALESFORCE_CLIENT_SECRET}"),
            Setting.secret("refresh-token", "OAuth refresh token (refresh-token flow), e.g. refresh-token: ${SF_REFRESH_TOKEN}"),
            Setting.text("username", "integration user of the JWT bearer flow, e.g. integration@acme.com"),
            Setting.secret("private-key", "PEM RSA key of the JWT bearer flow, e.g. private-key-file: /run/secrets/sf.pem"),
            API_VERSION,
            CommonSettings.LOOKBACK_MINUTES,
            QUERY_LIMIT,
            BULK_THRESHOLD,
            BULK_PAGE_SIZE,
            BULK_MAX_WAIT_MINUTES,
            FULL_REFRESH_STREAMS);

    private final Clock clock;
    private final Sleeper sleeper;
    /** The rules (and so the last api-usage) of each source's current client, for its streams' logs. */
    private final Map<String, SalesforceRules> rules = new ConcurrentHashMap<>();

    public SalesforceConnector() {
        this(Clock.systemUTC(), Sleeper.SYSTEM);
    }

    public SalesforceConnector(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Hard deletes leave no trace in Salesforce's feeds: re-read every stream weekly and tombstone the missing ids. */
    @Override
    public java.time.Duration reconcileEvery() {
        return java.time.Duration.ofDays(7);
    }

    @Override
    public List<String> streamNames() {
        return STREAM_NAMES;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public RateLimit defaultRateLimit() {
        return RateLimit.perSecond(20);
    }

    @Override
    public void validate(SourceConfig config) {
        loginUrl(config);
        String clientId = config.setting("client-id").orElse("");
        if (clientId.isBlank()) {
            throw new ConfigException("source '" + config.name() + "': missing setting 'client-id' (the connected "
                    + "app's consumer key)");
        }
        boolean refresh = config.secret("refresh-token").isPresent();
        boolean jwt = config.secret("private-key").isPresent() || config.setting("username").isPresent();
        if (!refresh && jwt) {
            if (config.setting("username").orElse("").isBlank()) {
                throw new ConfigException("source '" + config.name() + "': the JWT bearer flow needs the setting "
                        + "'username' and the key 'private-key-file' (path to the PEM RSA key); 'username' is missing");
            }
            if (config.secret("private-key").isEmpty()) {
                throw new ConfigException("source '" + config.name() + "': the JWT bearer flow needs the setting "
                        + "'username' and the key 'private-key-file' (path to the PEM RSA key); 'private-key-file' is missing");
            }
        } else if (!refresh && config.secret("client-secret").isEmpty()) {
            throw new ConfigException("source '" + config.name() + "': no Salesforce credentials; set one of: "
                    + "'client-secret' (client credentials), 'client-secret' + 'refresh-token' (refresh token), or "
                    + "'username' + 'private-key-file' (JWT bearer), e.g. client-secret: ${SF_CLIENT_SECRET}");
        }
        apiVersion(config);
        CommonSettings.check(config, this);
        CommonSettings.requireKnownStreams(config, this, FULL_REFRESH_STREAMS.key(), fullRefreshStreams(config));
    }

    @Override
    public SourceHttp http(SourceConfig config) {
        return HttpFactory.forSource(config, this);
    }

    /** Before the first token teaches the instance_url, calls are addressed to the login host. */
    @Override
    public URI baseUrl(SourceConfig config) {
        return config.baseUrl() != null ? config.baseUrl() : URI.create(loginUrl(config));
    }

    @Override
    public HttpProfile httpProfile(SourceConfig config) {
        validate(config);
        String login = loginUrl(config);
        String clientId = config.setting("client-id").orElseThrow();
        SalesforceGrant grant;
        if (config.secret("refresh-token").isPresent()) {
            grant = new SalesforceGrant.RefreshToken(clientId, config.secret("client-secret").orElse(null),
                    config.requireSecret("refresh-token"));
        } else if (config.secret("private-key").isPresent()) {
            var key = config.secret("private-key").orElseThrow();
            grant = new SalesforceGrant.JwtBearer(clientId, config.setting("username").orElseThrow(), login,
                    SalesforceGrant.JwtBearer.parsePem(config.name(), key), key.origin(), clock);
        } else {
            grant = new SalesforceGrant.ClientCredentials(clientId, config.requireSecret("client-secret"));
        }
        SalesforceRules sourceRules = new SalesforceRules(config.name());
        rules.put(config.name(), sourceRules);
        return new HttpProfile(new SalesforceOAuth(login + "/services/oauth2/token", grant), sourceRules, Map.of());
    }

    @Override
    public List<Stream> streams(SourceConfig config, SourceHttp http) {
        validate(config);
        Set<String> whole = Set.copyOf(fullRefreshStreams(config));
        SObjectStream.Settings settings = new SObjectStream.Settings(config.name(), apiVersion(config),
                Duration.ofMinutes(config.wholeNumber(CommonSettings.LOOKBACK_MINUTES.key(), 10)),
                (int) config.wholeNumber(QUERY_LIMIT.key(), 10_000),
                config.wholeNumber(BULK_THRESHOLD.key(), 50_000),
                (int) config.wholeNumber(BULK_PAGE_SIZE.key(), 10_000),
                Duration.ofMinutes(config.wholeNumber(BULK_MAX_WAIT_MINUTES.key(), 30)),
                sleeper, rules.computeIfAbsent(config.name(), SalesforceRules::new),
                new Describes(config.name(), apiVersion(config), describedObjects(config)));
        List<Stream> all = new ArrayList<>();
        for (SObject object : OBJECTS) {
            if (selected(config, object)) {
                SObject o = whole.contains(object.stream()) ? object.withFullRefresh() : object;
                all.add(new SObjectStream(o, http.forStream(o.stream()), settings));
            }
        }
        return all;
    }

    private static boolean selected(SourceConfig config, SObject object) {
        return config.streams().isEmpty() || config.streams().contains(object.stream());
    }

    /** The sObjects whose describes a run needs: every selected one, and Opportunity for the multi-currency check. */
    private static List<String> describedObjects(SourceConfig config) {
        List<String> names = new ArrayList<>();
        for (SObject object : OBJECTS) {
            if (selected(config, object)) {
                names.add(object.name());
                if (object.multiCurrency() && !names.contains("Opportunity")) {
                    names.add("Opportunity");
                }
            }
        }
        return names.stream().distinct().toList();
    }

    /** {@code login-url}, else {@code base-url}: scheme and host (and port) only, no trailing slash. */
    static String loginUrl(SourceConfig config) {
        if (config.setting("login-url").isEmpty() && config.baseUrl() == null) {
            throw new ConfigException("source '" + config.name() + "': missing 'login-url' (the Salesforce login host, "
                    + "e.g. https://login.salesforce.com, https://test.salesforce.com or https://acme.my.salesforce.com)");
        }
        String key = config.setting("login-url").isPresent() ? "login-url" : "base-url";
        String value = config.setting("login-url").orElse(config.baseUrl() == null ? "" : config.baseUrl().toString())
                .strip();
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new ConfigException("source '" + config.name() + "': '" + key + "' must be the Salesforce login URL, "
                    + "e.g. https://login.salesforce.com, https://test.salesforce.com or https://acme.my.salesforce.com;"
                    + " got '" + value + "'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !"/".equals(path)) {
            throw new ConfigException("source '" + config.name() + "': '" + key + "' must be the login host only (e.g. "
                    + "https://login.salesforce.com), not a path like '" + path + "'; API calls go to the instance_url "
                    + "returned with the token");
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    static String apiVersion(SourceConfig config) {
        String v = config.setting("api-version").orElse("v62.0").strip();
        String normalized = v.startsWith("v") ? v : "v" + v;
        if (!normalized.matches("v\\d{2,3}\\.\\d")) {
            throw new ConfigException("source '" + config.name() + "': 'api-version' must look like v62.0, got '" + v
                    + "'");
        }
        return normalized;
    }

    private static List<String> fullRefreshStreams(SourceConfig config) {
        return Arrays.stream(config.setting("full-refresh-streams").orElse(DEFAULT_FULL_REFRESH).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }
}
