package io.crmw.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.connectors.extract.Connectors;
import io.crmw.connectors.spi.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("HUBSPOT_TOKEN", "pat-na1-secret-value", "EMPTY", "");
    private final ConfigLoader loader = new ConfigLoader(new Connectors(), env::get);

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("application.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String source(String extra) {
        return """
                crmw:
                  warehouse: data/w.duckdb
                  reporting-currency: EUR
                  reporting-time-zone: Europe/Berlin
                  sources:
                    - name: hubspot-main
                      type: hubspot
                      base-url: https://api.hubapi.com
                      token: ${HUBSPOT_TOKEN}
                """ + extra;
    }

    @Test
    void readsAValidConfigWithResolvedSecretsAndDefaults() throws Exception {
        CrmwConfig config = loader.load(write(source("""
                      schedule: "0 0 2 * * ?"
                      rate-limit: { requests: 50, per-seconds: 10 }
                      lookback-minutes: 5
                      streams: [deals, contacts]
                """)));
        assertThat(config.reportingCurrency()).isEqualTo("EUR");
        assertThat(config.reportingTimeZone().getId()).isEqualTo("Europe/Berlin");
        assertThat(config.published()).isEqualTo(Path.of("data/w.duckdb").toAbsolutePath().getParent().resolve("published/w.duckdb"));
        var source = config.source("hubspot-main").orElseThrow();
        assertThat(source.schedule()).contains("0 0 2 * * ?");
        assertThat(source.config().secret("token").orElseThrow().reveal()).isEqualTo("pat-na1-secret-value");
        assertThat(source.config().secret("token").orElseThrow().toString()).doesNotContain("secret-value");
        assertThat(source.config().settings()).containsEntry("lookback-minutes", "5");
        assertThat(source.config().streams()).containsExactly("deals", "contacts");
        assertThat(source.config().rateLimit().orElseThrow().window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(source.config().rateLimit().orElseThrow().requests()).isEqualTo(50);
    }

    @Test
    void unknownSourceTypeNamesTheKeyAndTheKnownTypes() throws Exception {
        Path file = write(source("").replace("type: hubspot", "type: hubspott"));
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": crmw.sources[0].type: unknown source type 'hubspott'; known types: "
                        + String.join(", ", new Connectors().types()));
    }

    @Test
    void unsetTokenVariableNamesTheKeyAndTheVariable() throws Exception {
        Path file = write(source("").replace("${HUBSPOT_TOKEN}", "${HUBSPOT_EU_TOKEN}"));
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": crmw.sources[0].token: environment variable HUBSPOT_EU_TOKEN is not set; "
                        + "export HUBSPOT_EU_TOKEN=<value> before running crmw");
    }

    @Test
    void malformedUrlNamesTheKey() throws Exception {
        Path file = write(source("").replace("https://api.hubapi.com", "htp:/api hubapi"));
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": crmw.sources[0].base-url: 'htp:/api hubapi' is not a valid URL");
        Path noHost = write(source("").replace("https://api.hubapi.com", "ftp://files.example.com"));
        assertThatThrownBy(() -> loader.load(noHost))
                .hasMessageContaining("crmw.sources[0].base-url: 'ftp://files.example.com' is not an http(s) URL");
    }

    @Test
    void literalSecretsAreRefusedWithoutEchoingThem() throws Exception {
        Path file = write(source("").replace("${HUBSPOT_TOKEN}", "pat-na1-literal-token"));
        assertThatThrownBy(() -> loader.load(file))
                .hasMessageContaining("crmw.sources[0].token: credentials must come from an environment variable")
                .hasMessageNotContaining("pat-na1-literal-token");
    }

    @Test
    void serveTokenIsACredentialLikeAnySource() throws Exception {
        String serve = """
                crmw:
                  warehouse: data/w.duckdb
                  serve:
                    %s
                  sources: []
                """;
        assertThat(loader.load(write(serve.formatted("token: ${HUBSPOT_TOKEN}"))).serveToken().orElseThrow().reveal())
                .isEqualTo("pat-na1-secret-value");
        assertThat(loader.load(write("crmw:\n  sources: []\n")).serveToken()).isEmpty();
        assertThatThrownBy(() -> loader.load(write(serve.formatted("token: a-literal-token-in-the-file"))))
                .hasMessageContaining("crmw.serve.token: credentials must come from an environment variable")
                .hasMessageNotContaining("a-literal-token-in-the-file");
        assertThatThrownBy(() -> loader.load(write(serve.formatted("tokn: ${HUBSPOT_TOKEN}"))))
                .hasMessageContaining("crmw.serve").hasMessageContaining("'token'");
        Path shortToken = dir.resolve("short.txt");
        Files.writeString(shortToken, "abc\n");
        assertThatThrownBy(() -> loader.load(write(serve.formatted("token-file: " + shortToken))))
                .hasMessageContaining("crmw.serve.token-file: the access token is shorter than 16 characters");
    }

    private static String clusterYaml(String body) {
        return "crmw:\n  cluster:\n" + body.indent(4) + "  sources: []\n";
    }

    @Test
    void clusterModeNeedsAPostgresUrlAndAPasswordFromTheEnvironment() throws Exception {
        var config = loader.load(write(clusterYaml("""
                    database-url: jdbc:postgresql://db:5432/crmw
                    username: crmw
                    password: ${HUBSPOT_TOKEN}
                    node-id: node-7
                    checkin-interval-ms: 2000""")));
        var c = config.cluster().orElseThrow();
        assertThat(c.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/crmw");
        assertThat(c.password().reveal()).isEqualTo("pat-na1-secret-value");
        assertThat(c.password().toString()).doesNotContain("pat-na1-secret-value");
        assertThat(c.nodeId()).isEqualTo("node-7");
        assertThat(c.checkinInterval()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(config.sourceStores()).isEqualTo(config.warehouse().toAbsolutePath().getParent().resolve("sources"));
        assertThat(loader.load(write("crmw:\n  sources: []\n")).cluster()).isEmpty();
        // a node id from an unset variable falls back to host name and process id
        var fallback = loader.load(write(clusterYaml("""
                    database-url: jdbc:postgresql://db/crmw
                    username: crmw
                    password: ${HUBSPOT_TOKEN}
                    node-id: ${NOT_SET_HERE}"""))).cluster().orElseThrow();
        assertThat(fallback.nodeId()).endsWith("-" + ProcessHandle.current().pid());
        // read-only commands resolve no secret, except the cluster password for `status`
        assertThat(loader.loadWithoutSecrets(write(clusterYaml("""
                    database-url: jdbc:postgresql://db/crmw
                    username: crmw
                    password: ${HUBSPOT_TOKEN}"""))).cluster().orElseThrow().password().reveal()).isEmpty();

        assertThatThrownBy(() -> loader.load(write(clusterYaml("""
                    database-url: jdbc:h2:file:/tmp/x
                    username: crmw
                    password: ${HUBSPOT_TOKEN}"""))))
                .hasMessageContaining("crmw.cluster.database-url").hasMessageContaining("not a PostgreSQL JDBC url");
        assertThatThrownBy(() -> loader.load(write(clusterYaml("""
                    database-url: jdbc:postgresql://db/crmw
                    username: crmw
                    password: hunter2-literal"""))))
                .hasMessageContaining("crmw.cluster.password: credentials must come from an environment variable")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> loader.load(write(clusterYaml("""
                    database-url: jdbc:postgresql://db/crmw
                    username: crmw"""))))
                .hasMessageContaining("crmw.cluster").hasMessageContaining("password: ${CRMW_DB_PASSWORD}");
        assertThatThrownBy(() -> loader.load(write(clusterYaml("""
                    database-url: jdbc:postgresql://db/crmw
                    username: crmw
                    password: ${HUBSPOT_TOKEN}
                    checkin-interval-ms: 10"""))))
                .hasMessageContaining("crmw.cluster.checkin-interval-ms").hasMessageContaining("between 500 and 600000");
        assertThatThrownBy(() -> loader.load(write(clusterYaml("""
                    database-url: jdbc:postgresql://db/crmw
                    username: crmw
                    password: ${HUBSPOT_TOKEN}
                    nodeid: x"""))))
                .hasMessageContaining("crmw.cluster").hasMessageContaining("'node-id'");
    }

    @Test
    void secretsCanComeFromFiles() throws Exception {
        Path tokenFile = dir.resolve("token.txt");
        Files.writeString(tokenFile, "from-file-token\n");
        CrmwConfig config = loader.load(write(source("").replace("token: ${HUBSPOT_TOKEN}", "token-file: " + tokenFile)));
        assertThat(config.sources().get(0).config().secret("token").orElseThrow().reveal()).isEqualTo("from-file-token");
    }

    @Test
    void badTimeZoneCurrencyCronAndDuplicateNamesAreNamed() throws Exception {
        assertThatThrownBy(() -> loader.load(write(source("").replace("Europe/Berlin", "Mars/Olympus"))))
                .hasMessageContaining("crmw.reporting-time-zone: 'Mars/Olympus' is not a time zone id");
        assertThatThrownBy(() -> loader.load(write(source("").replace("EUR", "EURO"))))
                .hasMessageContaining("crmw.reporting-currency: 'EURO' is not an ISO 4217 currency code");
        assertThatThrownBy(() -> loader.load(write(source("      schedule: every night\n"))))
                .hasMessageContaining("crmw.sources[0].schedule: 'every night' is not a Quartz cron expression");
        String twice = source("") + source("").substring(source("").indexOf("    - name"));
        assertThatThrownBy(() -> loader.load(write(twice)))
                .hasMessageContaining("crmw.sources[1].name: source name 'hubspot-main' is used twice");
    }

    @Test
    void missingFileAndMissingSectionAreNamed() throws Exception {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yml")))
                .hasMessageContaining("nope.yml not found; pass --config FILE or set CRMW_CONFIG");
        assertThatThrownBy(() -> loader.load(write("server:\n  port: 8080\n")))
                .hasMessageEndingWith(": crmw: is required but missing");
        assertThatThrownBy(() -> loader.load(write("crmw: [unclosed\n")))
                .hasMessageContaining("is not valid YAML");
    }

    @Test
    void theShippedConfigsAreValid() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        CrmwConfig defaults = loader.load(root.resolve("config/application.yml"));
        assertThat(defaults.sources()).isEmpty();
        var exampleLoader = new ConfigLoader(new Connectors(), Map.of("HUBSPOT_TOKEN", "t", "SALESFORCE_CLIENT_SECRET", "s")::get);
        CrmwConfig example = exampleLoader.load(root.resolve("config/sources.example.yml"));
        assertThat(example.sources()).extracting(s -> s.config().name()).containsExactly("hubspot-main", "salesforce-main");
        assertThat(example.source("salesforce-main").orElseThrow().config().settings()).containsEntry("client-id",
                "3MVG9...your-connected-app-consumer-key");
    }

    private static String salesforce(String extra) {
        return """
                crmw:
                  sources:
                    - name: salesforce-main
                      type: salesforce
                      client-id: 3MVG9-consumer-key
                """ + extra;
    }

    @Test
    void typosAreNamedWithTheNearestKnownKey() throws Exception {
        Path schedul = write(source("      schedul: \"0 0 2 * * ?\"\n"));
        assertThatThrownBy(() -> loader.load(schedul)).isInstanceOf(ConfigException.class)
                .hasMessage(schedul + ": crmw.sources[0].schedul: unknown key; did you mean 'schedule'?");
        assertThatThrownBy(() -> loader.load(write(source("      lookback-minute: 5\n"))))
                .hasMessageEndingWith("crmw.sources[0].lookback-minute: unknown key; did you mean 'lookback-minutes'?");
        assertThatThrownBy(() -> loader.load(write(source("").replace("  warehouse:", "  warehous:"))))
                .hasMessageEndingWith("crmw.warehous: unknown key; did you mean 'warehouse'?");
        assertThatThrownBy(() -> loader.load(write(source("").replace("  sources:", "  source:"))))
                .hasMessageEndingWith("crmw.source: unknown key; did you mean 'sources'?");
        assertThatThrownBy(() -> loader.load(write(source("      rate-limit: { request: 5, per-seconds: 1 }\n"))))
                .hasMessageEndingWith("crmw.sources[0].rate-limit.request: unknown key; did you mean 'requests'?");
        assertThatThrownBy(() -> loader.load(write(source("      token-fil: /run/secrets/t\n"))))
                .hasMessageEndingWith("crmw.sources[0].token-fil: unknown key; did you mean 'token-file'?");
        assertThatThrownBy(() -> loader.load(write(source("      streams: [deels]\n"))))
                .hasMessageContaining("crmw.sources[0].streams[0]: unknown stream 'deels'; did you mean 'deals'?");
        // a key of another CRM type is unknown here
        assertThatThrownBy(() -> loader.load(write(source("      bulk-threshold: 10\n"))))
                .hasMessageContaining("crmw.sources[0].bulk-threshold: unknown key");
    }

    @Test
    void numbersAreRangeCheckedAtLoad() throws Exception {
        assertThatThrownBy(() -> loader.load(write(source("      max-attempts: -1\n"))))
                .hasMessageEndingWith("crmw.sources[0].max-attempts: must be between 1 and 100, got -1");
        assertThatThrownBy(() -> loader.load(write(source("      max-attempts: 99999999999\n"))))
                .hasMessageEndingWith("crmw.sources[0].max-attempts: must be between 1 and 100, got 99999999999");
        assertThatThrownBy(() -> loader.load(write(source("      retry-max-millis: soon\n"))))
                .hasMessageContaining("crmw.sources[0].retry-max-millis: must be a whole number between 1 and 3600000");
        assertThatThrownBy(() -> loader.load(write(source("      reconcile-every-days: -3\n"))))
                .hasMessageContaining("crmw.sources[0].reconcile-every-days: must be between 0 and 3650");
        assertThatThrownBy(() -> loader.load(write(source("      rate-limit: { requests: 0 }\n"))))
                .hasMessageContaining("crmw.sources[0].rate-limit.requests: must be between 1 and 100000, got 0");
        CrmwConfig ok = loader.load(write(source("      max-attempts: 3\n      call-timeout-seconds: 30\n")));
        assertThat(ok.sources().get(0).config().wholeNumber("max-attempts", 6)).isEqualTo(3);
        assertThat(ok.sources().get(0).config().wholeNumber("call-timeout-seconds", 120)).isEqualTo(30);
    }

    @Test
    void fullRebuildDaysDefaultsToAWeekAndIsRangeChecked() throws Exception {
        assertThat(loader.load(write("crmw:\n  sources: []\n")).fullRebuildDays()).isEqualTo(7);
        assertThat(loader.load(write("crmw:\n  full-rebuild-days: 0\n  sources: []\n")).fullRebuildDays()).isZero();
        assertThatThrownBy(() -> loader.load(write("crmw:\n  full-rebuild-days: weekly\n  sources: []\n")))
                .hasMessageContaining("crmw.full-rebuild-days")
                .hasMessageContaining("'weekly' is not a number of days between 0 and 365");
    }

    @Test
    void aSecretCannotHaveALiteralDefault() throws Exception {
        Path file = write(source("").replace("${HUBSPOT_TOKEN}", "${UNSET:-literal-token}"));
        assertThatThrownBy(() -> loader.load(file))
                .hasMessageStartingWith(file + ": crmw.sources[0].token: a credential cannot have a default value")
                .hasMessageNotContaining("literal-token");
        // also refused when only checking the config for a read-only command
        assertThatThrownBy(() -> loader.loadWithoutSecrets(file)).hasMessageContaining("cannot have a default value");
    }

    @Test
    void secretLookingKeysMustBeDeclaredSecrets() throws Exception {
        assertThatThrownBy(() -> loader.load(write(source("      api_key: ${HUBSPOT_TOKEN}\n"))))
                .hasMessageContaining("crmw.sources[0].api_key: unknown key");
        assertThatThrownBy(() -> loader.load(write(source("      client_secret: ${HUBSPOT_TOKEN}\n"))))
                .hasMessageContaining("crmw.sources[0].client_secret: unknown key; did you mean 'client-secret'?");
        for (String type : new Connectors().types()) {
            assertThat(io.crmw.connectors.spi.CommonSettings.secretLookingPlainKeys(new Connectors().forType(type)))
                    .as(type).isEmpty();
        }
    }

    @Test
    void baseUrlWithCredentialsOrPlainHttpIsRefusedWithoutEchoingTheCredential() throws Exception {
        Path userInfo = write(source("").replace("https://api.hubapi.com", "https://me:hunter2pass@api.hubapi.com"));
        assertThatThrownBy(() -> loader.load(userInfo))
                .hasMessageContaining("crmw.sources[0].base-url: must not contain credentials")
                .hasMessageNotContaining("hunter2pass");
        Path query = write(source("").replace("https://api.hubapi.com", "https://api.hubapi.com/?hapikey=abc123secret"));
        assertThatThrownBy(() -> loader.load(query))
                .hasMessageContaining("crmw.sources[0].base-url: must not carry a credential in its query ('hapikey')")
                .hasMessageNotContaining("abc123secret");
        assertThatThrownBy(() -> loader.load(write(source("").replace("https://api.hubapi.com", "http://api.hubapi.com"))))
                .hasMessageContaining("crmw.sources[0].base-url: 'http://api.hubapi.com' uses plain http");
        for (String loopback : new String[] {"http://localhost:8089", "http://127.0.0.1:8089", "http://[::1]:8089"}) {
            CrmwConfig config = loader.load(write(source("").replace("https://api.hubapi.com", loopback)));
            assertThat(config.sources().get(0).config().baseUrl().toString()).isEqualTo(loopback);
        }
    }

    @Test
    void salesforceLoginUrlIsEnoughWithoutBaseUrl() throws Exception {
        var sfLoader = new ConfigLoader(new Connectors(), Map.of("SF_SECRET", "sf-secret-value")::get);
        CrmwConfig config = sfLoader.load(write(salesforce("""
                      login-url: https://login.salesforce.com
                      client-secret: ${SF_SECRET}
                """)));
        var source = config.sources().get(0).config();
        assertThat(source.baseUrl()).isNull();
        assertThat(source.settings()).containsEntry("login-url", "https://login.salesforce.com");
        assertThat(source.secret("client-secret").orElseThrow().reveal()).isEqualTo("sf-secret-value");
        // the HTTP client is addressed to the login host until the token names the instance
        assertThat(new Connectors().forType("salesforce").http(source)).isNotNull();

        assertThatThrownBy(() -> sfLoader.load(write(salesforce("      client-secret: ${SF_SECRET}\n"))))
                .hasMessageContaining("crmw.sources[0]: source 'salesforce-main': missing 'login-url'");
        // hubspot still needs its base-url
        assertThatThrownBy(() -> loader.load(write(source("").replace("      base-url: https://api.hubapi.com\n", ""))))
                .hasMessageEndingWith("crmw.sources[0].base-url: is required but missing");
    }

    @Test
    void salesforceJwtFlowReadsThePrivateKeyFile() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Path key = dir.resolve("sf.pem");
        Files.writeString(key, pem);
        CrmwConfig config = loader.load(write(salesforce("""
                      login-url: https://login.salesforce.com
                      username: integration@acme.example
                      private-key-file: %s
                """.formatted(key))));
        var source = config.sources().get(0).config();
        assertThat(source.secret("private-key").orElseThrow().reveal()).isEqualTo(pem.trim());
        assertThat(source.secret("private-key").orElseThrow().toString()).doesNotContain("BEGIN");
        assertThat(source.settings()).doesNotContainKey("private-key-file");
        // the connector parses the key (a missing or unreadable key would fail here)
        assertThat(new Connectors().forType("salesforce").http(source)).isNotNull();

        Files.writeString(key, "not a key");
        assertThatThrownBy(() -> new Connectors().forType("salesforce").http(loader.load(write(salesforce("""
                      login-url: https://login.salesforce.com
                      username: integration@acme.example
                      private-key-file: %s
                """.formatted(key)))).sources().get(0).config()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not an unencrypted PEM private key");
    }

    @Test
    void withoutSecretsNothingIsResolvedButEverythingElseIsChecked() throws Exception {
        Path file = write(source("").replace("${HUBSPOT_TOKEN}", "${CRMW_TEST_UNSET_TOKEN}")
                + "      lookback-minutes: 5\n");
        assertThatThrownBy(() -> loader.load(file)).hasMessageContaining("CRMW_TEST_UNSET_TOKEN is not set");
        CrmwConfig config = loader.loadWithoutSecrets(file);
        assertThat(config.sources().get(0).config().secrets()).isEmpty();
        assertThat(config.sources().get(0).config().settings()).containsEntry("lookback-minutes", "5");
        Path missingKeyFile = write(source("").replace("token: ${HUBSPOT_TOKEN}", "token-file: /no/such/file"));
        assertThat(loader.loadWithoutSecrets(missingKeyFile).sources()).hasSize(1);
        assertThatThrownBy(() -> loader.loadWithoutSecrets(write(source("      schedul: x\n"))))
                .hasMessageContaining("did you mean 'schedule'?");
    }
}
