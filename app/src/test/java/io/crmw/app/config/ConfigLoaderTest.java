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
                .hasMessage(file + ": crmw.sources[0].type: unknown source type 'hubspott'; known types: hubspot, salesforce");
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
}
