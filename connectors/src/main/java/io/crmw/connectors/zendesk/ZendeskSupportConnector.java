package io.crmw.connectors.zendesk;

import io.crmw.connectors.http.Auth;
import io.crmw.connectors.http.HttpProfile;
import io.crmw.connectors.http.OAuthRefreshToken;
import io.crmw.connectors.http.SourceHttp;
import io.crmw.connectors.kit.DeclaredConnector;
import io.crmw.connectors.kit.DeclaredStream;
import io.crmw.connectors.kit.HeaderToken;
import io.crmw.connectors.kit.Paginator;
import io.crmw.connectors.spi.CommonSettings;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.Setting;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.Stream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Zendesk Support (the help desk). Streams, payloads, deletes and limits: {@code docs/zendesk.md}. Tickets and users
 * come from the cursor exports (the last {@code after_cursor} is where the next run starts), organizations from the
 * time-based export (overlapping pages de-duplicated), the rest from cursor lists read whole. Auth: an agent's API
 * token ({@code Basic {email}/token:{api-token}}) or OAuth with a rotating refresh token at
 * {@code {base-url}/oauth/tokens}. Budget: 200 requests a minute (Team plan), and the exports' own 10 a minute
 * ({@code export-requests-per-minute}; 30 with the High Volume add-on).
 */
public final class ZendeskSupportConnector extends DeclaredConnector {

    public static final String TYPE = "zendesk";

    static final String INCREMENTAL = "/api/v2/incremental/";
    private static final Paginator CURSOR_LIST = Paginator.token("page[after]", "/meta/after_cursor", "/meta/has_more");
    private static final Paginator CURSOR_EXPORT = Paginator.exportCursor("start_time", "cursor", "/after_cursor",
            "/end_of_stream");

    private static final List<DeclaredStream.Spec> STREAMS = List.of(
            list("ticket_fields").sharedWithinRun(), // the tickets' product and request type read the same pages
            list("groups"),
            list("brands"),
            DeclaredStream.named("users").get(INCREMENTAL + "users/cursor.json?per_page=1000").records("/users")
                    .paginator(CURSOR_EXPORT).changedAt("updated_at")
                    .deletedWhen(r -> r.path("active").isBoolean() && !r.path("active").asBoolean()),
            DeclaredStream.named("organizations").get(INCREMENTAL + "organizations.json?per_page=1000")
                    .records("/organizations").paginator(Paginator.timeExport("start_time", "/end_time", "/end_of_stream"))
                    .changedAt("updated_at").deletedWhen(r -> !r.path("deleted_at").isMissingNode()
                            && !r.path("deleted_at").isNull()),
            DeclaredStream.named("tickets").get(INCREMENTAL + "tickets/cursor.json?per_page=1000").records("/tickets")
                    .paginator(CURSOR_EXPORT).changedAt("updated_at")
                    .deletedWhen(r -> "deleted".equals(r.path("status").asString(""))),
            list("ticket_metrics"),
            list("satisfaction_ratings"));

    public static final List<String> STREAM_NAMES = STREAMS.stream().map(DeclaredStream.Spec::name).toList();

    static final Setting EXPORTS_PER_MINUTE = Setting.wholeNumber("export-requests-per-minute", 10, 1, 100,
            "budget of the incremental exports: 10 a minute, 30 with the High Volume API add-on");
    static final Setting PRODUCT_FIELD = Setting.text("product-field", "title of the ticket field naming the product, "
            + "e.g. Product; its option's value and label land on each ticket as 'product'").withDefault("Product");
    static final Setting REQUEST_TYPE_FIELD = Setting.text("request-type-field", "title of the ticket field naming the "
            + "request type (complaint, return, exchange…), mapped by reason_map.csv").withDefault("Request type");

    private static final List<Setting> SETTINGS = List.of(
            Setting.text("email", "the agent the API token belongs to, e.g. ops@acme.com"),
            Setting.secret("api-token", "the agent's API token, sent as Basic {email}/token:{api-token}; "
                    + "e.g. api-token: ${ZENDESK_API_TOKEN}"),
            Setting.text("client-id", "OAuth client's identifier (OAuth instead of the API token, with client-secret "
                    + "and refresh-token)"),
            Setting.secret("client-secret", "OAuth client's secret, e.g. client-secret: ${ZENDESK_CLIENT_SECRET}"),
            Setting.secret("refresh-token", "OAuth refresh token; Zendesk rotates it on every refresh and the new one "
                    + "is kept in the state database, e.g. refresh-token: ${ZENDESK_REFRESH_TOKEN}"),
            PRODUCT_FIELD,
            REQUEST_TYPE_FIELD,
            EXPORTS_PER_MINUTE);

    public ZendeskSupportConnector() {
        this(Clock.systemUTC());
    }

    public ZendeskSupportConnector(Clock clock) {
        super(TYPE, STREAM_NAMES, SETTINGS, new RateLimit(200, Duration.ofMinutes(1)), clock);
    }

    @Override
    public void validate(SourceConfig config) {
        super.validate(config);
        CommonSettings.requireTokenOrOAuth(config, "api-token", "an agent's API token, with 'email', e.g. api-token: "
                + "${ZENDESK_API_TOKEN}");
        if (config.secret("api-token").isPresent() && config.setting("email").isEmpty()) {
            throw new ConfigException("source '" + config.name() + "': 'api-token' needs 'email', the agent the token "
                    + "belongs to, e.g. email: ops@acme.com");
        }
    }

    @Override
    public HttpProfile httpProfile(SourceConfig config) {
        validate(config);
        Auth auth = config.secret("api-token").<Auth>map(token -> new HeaderToken("Authorization",
                new Secret(token.origin(), "Basic " + Base64.getEncoder().encodeToString((config.setting("email")
                        .orElseThrow() + "/token:" + token.reveal()).getBytes(StandardCharsets.UTF_8)))))
                .orElseGet(() -> new OAuthRefreshToken(config.urlOf("/oauth/tokens"),
                        config.setting("client-id").orElseThrow(), config.requireSecret("client-secret"),
                        config.requireSecret("refresh-token"), Duration.ofSeconds(60), clock, "Bearer", null));
        int exports = (int) CommonSettings.wholeNumber(config, EXPORTS_PER_MINUTE);
        return new HttpProfile(auth, ZendeskRules.SUPPORT,
                Map.of(ZendeskRules.EXPORT_BUDGET, new RateLimit(exports, Duration.ofMinutes(1))));
    }

    @Override
    public List<Stream> streams(SourceConfig config, SourceHttp http) {
        return declared(STREAMS, config, http, s -> {
            if (s.name().equals("tickets")) {
                s.transform(new TicketFields(config.setting(PRODUCT_FIELD.key()).orElse(PRODUCT_FIELD.defaultValue()),
                        config.setting(REQUEST_TYPE_FIELD.key()).orElse(REQUEST_TYPE_FIELD.defaultValue()),
                        CURSOR_LIST)::name);
            }
        });
    }

    /** A cursor list read whole each run: {@code /api/v2/<name>}, {@code page[size]=100}, {@code meta.after_cursor}. */
    private static DeclaredStream.Spec list(String name) {
        return DeclaredStream.named(name).get("/api/v2/" + name + "?page[size]=100").records("/" + name)
                .paginator(CURSOR_LIST).changedAt("updated_at");
    }

}
