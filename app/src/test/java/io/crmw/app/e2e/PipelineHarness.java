package io.crmw.app.e2e;

import io.crmw.app.config.CrmwConfig;
import io.crmw.app.engine.Engine;
import io.crmw.app.engine.SyncProgress;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.etl.pipeline.PipelineResult;
import io.crmw.etl.pipeline.PipelineRunner;
import io.crmw.sandbox.Sandbox;
import io.crmw.warehouse.Warehouse;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** A sandbox plus an engine on a temporary warehouse, as the CLI would run them. */
public final class PipelineHarness implements AutoCloseable {
    public static final String SOURCE = "hubspot-test";
    /** The sandbox's reference folder (its rates, campaign costs, pools over the shipped templates), once per JVM. */
    public static final Path REFERENCE = io.crmw.sandbox.SandboxReference.write(tempDir("crmw-reference"),
            Path.of("../config/reference"));
    public static final Path FX = REFERENCE.resolve("fx_rates.csv");

    private static Path tempDir(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public final Sandbox sandbox;
    public final CrmwConfig config;
    private Engine engine;

    public PipelineHarness(Sandbox sandbox, Path dir) {
        this(sandbox, dir, Optional.empty());
    }

    PipelineHarness(Sandbox sandbox, Path dir, Optional<String> schedule) {
        this(sandbox, dir, schedule, FAST_RETRIES);
    }

    PipelineHarness(Sandbox sandbox, Path dir, Optional<String> schedule, Map<String, String> settings) {
        this.sandbox = sandbox;
        this.config = config(dir, sandbox.hubspot().baseUrl(), sandbox.hubspot().token(), schedule, settings);
    }

    /** Several sources (e.g. HubSpot and Salesforce) into one warehouse. */
    public PipelineHarness(Sandbox sandbox, Path dir, List<SourceConfig> sources) {
        this(sandbox, dir, sources, REFERENCE);
    }

    /** Several sources into one warehouse, the reference files (fx_rates.csv, maps, costs) read from {@code referenceDir}. */
    public PipelineHarness(Sandbox sandbox, Path dir, List<SourceConfig> sources, Path referenceDir) {
        this(sandbox, dir, sources, referenceDir, ZoneId.of("Europe/Berlin"));
    }

    /** Several sources into one warehouse whose reports are cut in {@code reportingZone}. */
    public PipelineHarness(Sandbox sandbox, Path dir, List<SourceConfig> sources, ZoneId reportingZone) {
        this(sandbox, dir, sources, REFERENCE, reportingZone);
    }

    private PipelineHarness(Sandbox sandbox, Path dir, List<SourceConfig> sources, Path referenceDir, ZoneId reportingZone) {
        this.sandbox = sandbox;
        this.config = new CrmwConfig(dir.resolve("application.yml"), dir.resolve("warehouse.duckdb"),
                dir.resolve("published/warehouse.duckdb"), "USD", reportingZone,
                referenceDir, Optional.empty(),
                sources.stream().map(s -> new CrmwConfig.ScheduledSource(s, Optional.<String>empty())).toList());
    }

    /** The HubSpot source of the sandbox, named {@link #SOURCE}. */
    public static SourceConfig hubspot(Sandbox sandbox, Map<String, String> settings) {
        return new SourceConfig(SOURCE, "hubspot", URI.create(sandbox.hubspot().baseUrl()), settings,
                Map.of("token", new Secret("test", sandbox.hubspot().token())), List.of(), Optional.empty());
    }

    /** The Salesforce source of the sandbox (client-credentials flow against its login URL). */
    public static SourceConfig salesforce(Sandbox sandbox, Map<String, String> settings) {
        var sf = sandbox.salesforce();
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("client-id", sf.clientId());
        return new SourceConfig(SALESFORCE, "salesforce", URI.create(sf.loginUrl()), all,
                Map.of("client-secret", new Secret("test", sf.clientSecret())), List.of(), Optional.empty());
    }

    public static final String SALESFORCE = "salesforce-test";
    public static final String PIPEDRIVE = "pipedrive-test";

    public static final String ZOHO = "zoho-test";

    /**
     * The Zoho source of the sandbox, named {@link #ZOHO}, built from what the simulator advertises: its accounts
     * server and OAuth client (the API host comes from the token answer's api_domain).
     */
    public static SourceConfig zoho(Sandbox sandbox, Map<String, String> settings) {
        var zoho = sandbox.simulator("zoho").connectionSettings();
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("accounts-url", zoho.get("accounts-url"));
        all.put("client-id", zoho.get("client-id"));
        return new SourceConfig(ZOHO, "zoho", null, all, Map.of("client-secret", new Secret("test", zoho.get("client-secret")),
                "refresh-token", new Secret("test", zoho.get("refresh-token"))), List.of(), Optional.empty());
    }

    public static final String ZENDESK = "zendesk-test";
    public static final String ZENDESK_SELL = "zendesk-sell-test";

    /**
     * The Zendesk Support source of the sandbox, named {@link #ZENDESK}: its base URL with the agent's API token, or
     * with {@code oauth} its OAuth client and the refresh token valid now; the product field is "Product".
     */
    public static SourceConfig zendesk(Sandbox sandbox, Map<String, String> settings, boolean oauth) {
        var zd = sandbox.zendeskSupport();
        Map<String, String> connection = zd.connectionSettings();
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("product-field", "Product");
        Map<String, Secret> secrets;
        if (oauth) {
            Map<String, String> client = zd.otherAuthSettings();
            all.put("client-id", client.get("client-id"));
            secrets = Map.of("client-secret", new Secret("test", client.get("client-secret")),
                    "refresh-token", new Secret("test", client.get("refresh-token")));
        } else {
            all.put("email", connection.get("email"));
            secrets = Map.of("api-token", new Secret("test", connection.get("api-token")));
        }
        return new SourceConfig(ZENDESK, "zendesk", URI.create(connection.get("base-url")), all, secrets, List.of(),
                Optional.empty());
    }

    /** The Zendesk Sell source of the sandbox (access token), named {@link #ZENDESK_SELL}. */
    public static SourceConfig zendeskSell(Sandbox sandbox, Map<String, String> settings) {
        Map<String, String> connection = sandbox.zendeskSell().connectionSettings();
        return new SourceConfig(ZENDESK_SELL, "zendesk-sell", URI.create(connection.get("base-url")), settings,
                Map.of("token", new Secret("test", connection.get("token"))), List.of(), Optional.empty());
    }

    /** The Pipedrive source of the sandbox (API token), named {@link #PIPEDRIVE}. */
    public static SourceConfig pipedrive(Sandbox sandbox, Map<String, String> settings) {
        var pd = sandbox.pipedrive();
        return new SourceConfig(PIPEDRIVE, "pipedrive", URI.create(pd.baseUrl()), settings,
                Map.of("api-token", new Secret("test", pd.apiToken())), List.of(), Optional.empty());
    }

    /**
     * Ids of a stream of {@code source} landed whose change time is at or after the stored cursor's since: what an
     * incremental run re-reads as its lookback overlap.
     */
    public java.util.Set<String> overlap(String source, String stream) throws SQLException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        String table = io.crmw.warehouse.raw.RawLanding.rawTable(source, stream);
        for (List<Object> row : rows("""
                select distinct r._id from %s r, meta.sync_state s
                where s.source = '%s' and s.stream = '%s'
                  and r._cursor::timestamptz >= (s.cursor ->> '$.since')::timestamptz""".formatted(table, source, stream))) {
            ids.add((String) row.get(0));
        }
        return ids;
    }

    /** After a run a vendor limit stopped: every stopped stream names the limit, none failed, pages landed before it. */
    public void assertStoppedBy(String limit) throws SQLException {
        long stopped = count("select count(*) from meta.stream_run where status = 'stopped'");
        org.assertj.core.api.Assertions.assertThat(stopped).isPositive().isEqualTo(count(
                "select count(*) from meta.stream_run where status = 'stopped' and error like '%" + limit + "%'"));
        org.assertj.core.api.Assertions.assertThat(count("select count(*) from meta.stream_run where status = 'failed'"))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(count("select sum(records) from meta.stream_run")).isPositive();
    }

    /** A size-1 business split between HubSpot (its home) and {@code crm}, with HubSpot's search budget opened up. */
    public static Sandbox sandboxWith(io.crmw.sandbox.business.Crm crm, io.crmw.sandbox.SandboxOptions options) {
        return Sandbox.start(options.withSize(1).withSearchPerSecond(25)
                .withCrms(java.util.EnumSet.of(io.crmw.sandbox.business.Crm.HUBSPOT, crm)));
    }

    /** Runs the pipeline of one configured source. */
    public PipelineResult sync(String source) {
        return engine().bean(PipelineRunner.class).run(config.source(source).orElseThrow().config(), "test", false);
    }

    /**
     * Short backoffs, so fault tests take seconds; retry-max-millis is also the longest Retry-After obeyed (a longer
     * one stops the stream), so it admits the fault plans' 1 s Retry-After while jittered backoffs stay under 0.4 s.
     */
    static final Map<String, String> FAST_RETRIES = Map.of("retry-base-millis", "20", "retry-max-millis", "1000",
            "search-requests-per-second", "20");

    static CrmwConfig config(Path dir, String baseUrl, String token, Optional<String> schedule, Map<String, String> settings) {
        SourceConfig source = new SourceConfig(SOURCE, "hubspot", URI.create(baseUrl), settings,
                Map.of("token", new Secret("test", token)), List.of(), Optional.empty());
        return new CrmwConfig(dir.resolve("application.yml"), dir.resolve("warehouse.duckdb"),
                dir.resolve("published/warehouse.duckdb"), "USD", ZoneId.of("Europe/Berlin"),
                REFERENCE, Optional.empty(),
                List.of(new CrmwConfig.ScheduledSource(source, schedule)));
    }

    public Engine engine() {
        if (engine == null) {
            engine = Engine.forCommand(config);
            engine.bean(SyncProgress.class).quiet(true);
        }
        return engine;
    }

    public PipelineResult sync() {
        return engine().bean(PipelineRunner.class).run(config.sourceConfigs().get(0), "test", false);
    }

    public Connection connect() {
        return engine().bean(Warehouse.class).connect();
    }

    public long count(String sql) throws SQLException {
        try (Connection c = connect(); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public List<List<Object>> rows(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = connect(); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    public SortedMap<YearMonth, BigDecimal> reportedWonPerMonth() throws SQLException {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        for (List<Object> row : rows("select strftime(period_start, '%Y-%m'), sum(won_amount_rc) from reports.total_sales group by 1")) {
            out.put(YearMonth.parse((String) row.get(0)), ((BigDecimal) row.get(1)).setScale(2));
        }
        return out;
    }

    public SortedMap<YearMonth, BigDecimal> truthWonPerMonth() {
        SortedMap<YearMonth, BigDecimal> out = new TreeMap<>();
        sandbox.groundTruth().wonAmountPerMonth("USD", FX).forEach((k, v) -> out.put(k, v.setScale(2)));
        return out;
    }

    /** Closes the engine (the warehouse file), keeping the sandbox. */
    void stopEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    @Override
    public void close() {
        stopEngine();
    }
}
