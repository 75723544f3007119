package io.crmw.connectors.salesforce;

import io.crmw.connectors.http.HttpFactory;
import io.crmw.connectors.http.HttpProfile;
import io.crmw.connectors.http.HttpProfileProvider;
import io.crmw.connectors.http.Sleeper;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.RateLimit;
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
 * settings {@code username} + {@code private-key-file} (PEM RSA key) ⇒ JWT bearer; secret {@code client-secret} alone
 * ⇒ client credentials (login URL must be the My Domain host).
 *
 * <p><b>Settings</b> (optional): {@code api-version} (v62.0), {@code lookback-minutes} (10), {@code query-limit}
 * (10000, SOQL LIMIT of one keyset query), {@code bulk-threshold} (50000; first loads of larger objects use Bulk API
 * 2.0; 0 = never), {@code bulk-page-size} (10000 records per results page), {@code bulk-max-wait-minutes} (30),
 * {@code full-refresh-streams} (comma list of streams read whole every run so that hard deletes become tombstones;
 * default {@value #DEFAULT_FULL_REFRESH}). Budget 20 requests/s (the daily allocation is Salesforce's real limit).
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
        boolean jwt = config.setting("private-key-file").isPresent() || config.setting("username").isPresent();
        if (!refresh && jwt) {
            for (String key : List.of("username", "private-key-file")) {
                if (config.setting(key).orElse("").isBlank()) {
                    throw new ConfigException("source '" + config.name() + "': the JWT bearer flow needs the settings "
                            + "'username' and 'private-key-file' (path to the PEM RSA key); '" + key + "' is missing");
                }
            }
        } else if (!refresh && config.secret("client-secret").isEmpty()) {
            throw new ConfigException("source '" + config.name() + "': no Salesforce credentials; set one of: "
                    + "'client-secret' (client credentials), 'client-secret' + 'refresh-token' (refresh token), or "
                    + "settings 'username' + 'private-key-file' (JWT bearer), e.g. client-secret: ${SF_CLIENT_SECRET}");
        }
        apiVersion(config);
        positive(config, "lookback-minutes", 10);
        positive(config, "query-limit", 10_000);
        nonNegative(config, "bulk-threshold", 50_000);
        positive(config, "bulk-page-size", 10_000);
        positive(config, "bulk-max-wait-minutes", 30);
        for (String s : fullRefreshStreams(config)) {
            if (!STREAM_NAMES.contains(s)) {
                throw new ConfigException("source '" + config.name() + "': unknown stream '" + s
                        + "' in 'full-refresh-streams'; Salesforce offers " + STREAM_NAMES);
            }
        }
        for (String s : config.streams()) {
            if (!STREAM_NAMES.contains(s)) {
                throw new ConfigException("source '" + config.name() + "': unknown stream '" + s
                        + "'; Salesforce offers " + STREAM_NAMES);
            }
        }
    }

    @Override
    public SourceHttp http(SourceConfig config) {
        return HttpFactory.forSource(config, this);
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
        } else if (config.setting("private-key-file").isPresent()) {
            String file = config.setting("private-key-file").orElseThrow();
            grant = new SalesforceGrant.JwtBearer(clientId, config.setting("username").orElseThrow(), login,
                    SalesforceGrant.JwtBearer.readPem(config.name(), file), file, clock);
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
                Duration.ofMinutes(positive(config, "lookback-minutes", 10)),
                (int) positive(config, "query-limit", 10_000),
                nonNegative(config, "bulk-threshold", 50_000),
                (int) positive(config, "bulk-page-size", 10_000),
                Duration.ofMinutes(positive(config, "bulk-max-wait-minutes", 30)),
                sleeper, rules.computeIfAbsent(config.name(), SalesforceRules::new));
        List<Stream> all = new ArrayList<>();
        for (SObject object : OBJECTS) {
            if (config.streams().isEmpty() || config.streams().contains(object.stream())) {
                SObject o = whole.contains(object.stream()) ? object.withFullRefresh() : object;
                all.add(new SObjectStream(o, http.forStream(o.stream()), settings));
            }
        }
        return all;
    }

    /** {@code login-url}, else {@code base-url}: scheme and host (and port) only, no trailing slash. */
    static String loginUrl(SourceConfig config) {
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

    private static long positive(SourceConfig config, String key, long fallback) {
        long n = number(config, key, fallback);
        if (n <= 0) {
            throw new ConfigException("source '" + config.name() + "': '" + key + "' must be a positive whole number, "
                    + "got '" + config.settings().get(key) + "'");
        }
        return n;
    }

    private static long nonNegative(SourceConfig config, String key, long fallback) {
        long n = number(config, key, fallback);
        if (n < 0) {
            throw new ConfigException("source '" + config.name() + "': '" + key + "' must be 0 or more, got '"
                    + config.settings().get(key) + "'");
        }
        return n;
    }

    private static long number(SourceConfig config, String key, long fallback) {
        String v = config.settings().get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("source '" + config.name() + "': '" + key + "' must be a whole number, got '" + v
                    + "'");
        }
    }
}
