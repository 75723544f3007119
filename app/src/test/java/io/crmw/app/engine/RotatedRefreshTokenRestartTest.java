package io.crmw.app.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.crmw.connectors.http.OkHttpSourceHttp;
import io.crmw.connectors.hubspot.HubSpotConnector;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor that rotates refresh tokens (and revokes the old one) keeps working across restarts: the rotated token is
 * saved in the state database before the new access token is used, and read by the next process.
 */
class RotatedRefreshTokenRestartTest {
    private static final String TOKEN = "/oauth/v1/token";
    private static final String OWNERS = "/crm/v3/owners?limit=100";

    @TempDir
    Path dir;

    private WireMockServer vendor;
    private String stateUrl;

    @BeforeEach
    void start() {
        vendor = new WireMockServer(options().dynamicPort().gzipDisabled(true));
        vendor.start();
        // each refresh token works once and is answered with the next one: the old one is revoked
        rotate("rt-configured-1111", "rt-rotated-2222", "at-first");
        rotate("rt-rotated-2222", "rt-rotated-3333", "at-second");
        rotate("rt-rotated-3333", "rt-rotated-4444", "at-third");
        rotate("rt-reauthorized-9999", "rt-rotated-5555", "at-fresh");
        vendor.stubFor(get(OWNERS).willReturn(okJson("{\"results\":[],\"paging\":null}")));
        stateUrl = StateDatabase.prepare(dir.resolve("warehouse-state"));
    }

    @AfterEach
    void stop() {
        vendor.stop();
    }

    private void rotate(String from, String to, String access) {
        String scenario = "refresh " + from;
        vendor.stubFor(post(TOKEN).inScenario(scenario).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .withRequestBody(containing("refresh_token=" + from))
                .willReturn(okJson("{\"token_type\":\"bearer\",\"refresh_token\":\"" + to + "\",\"access_token\":\""
                        + access + "\",\"expires_in\":1800}"))
                .willSetStateTo("revoked"));
        vendor.stubFor(post(TOKEN).inScenario(scenario).whenScenarioStateIs("revoked")
                .withRequestBody(containing("refresh_token=" + from))
                .willReturn(aResponse().withStatus(400).withBody("{\"status\":\"BAD_REFRESH_TOKEN\"}")));
    }

    /** One process: a new connector, HTTP client and store over the state database file, one API call. */
    private void runOnce(String configuredRefreshToken) throws Exception {
        var state = new DriverManagerDataSource(stateUrl, "sa", "");
        SourceConfig config = new SourceConfig("hubspot-oauth", "hubspot", URI.create(vendor.baseUrl()),
                Map.of("client-id", "client-abc", "max-attempts", "1"),
                Map.of("client-secret", new Secret("${HUBSPOT_CLIENT_SECRET}", "cs-secret-9999"),
                        "refresh-token", new Secret("${HUBSPOT_REFRESH_TOKEN}", configuredRefreshToken)),
                List.of(), Optional.empty());
        OkHttpSourceHttp http = (OkHttpSourceHttp) new HubSpotConnector().http(config);
        try {
            http.keepRefreshTokensIn(new StateDbRefreshTokens(state));
            http.forStream("owners").get(OWNERS);
        } finally {
            http.close();
        }
    }

    @Test
    void theRotatedRefreshTokenIsUsedAfterARestart() throws Exception {
        runOnce("rt-configured-1111");
        vendor.verify(getRequestedFor(urlEqualTo(OWNERS)).withHeader("Authorization", equalTo("Bearer at-first")));

        // restart: before, the second process sent the configured (revoked) token again and got 400
        runOnce("rt-configured-1111");
        vendor.verify(postRequestedFor(urlEqualTo(TOKEN)).withRequestBody(containing("refresh_token=rt-rotated-2222")));
        vendor.verify(getRequestedFor(urlEqualTo(OWNERS)).withHeader("Authorization", equalTo("Bearer at-second")));

        runOnce("rt-configured-1111");
        vendor.verify(getRequestedFor(urlEqualTo(OWNERS)).withHeader("Authorization", equalTo("Bearer at-third")));
        vendor.verify(1, postRequestedFor(urlEqualTo(TOKEN)).withRequestBody(containing("refresh_token=rt-configured-1111")));

        // the state database holds one sealed row, no token in clear
        try (Connection c = DriverManager.getConnection(stateUrl, "sa", ""); var st = c.createStatement();
             var rs = st.executeQuery("select SOURCE, CONFIGURED_FINGERPRINT, SEALED_TOKEN from CRMW_REFRESH_TOKEN")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("hubspot-oauth");
            String row = rs.getString(2) + rs.getString(3);
            assertThat(row).doesNotContain("rt-").doesNotContain("1111").doesNotContain("4444");
            assertThat(rs.next()).isFalse();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("state database file %s", f).doesNotContain("rt-rotated-4444").doesNotContain("rt-rotated-3333");
            }
        }
    }

    @Test
    void aRefreshTokenTheUserChangedInTheConfigWinsOverTheSavedOne() throws Exception {
        runOnce("rt-configured-1111");
        // the user re-authorized and configured the new token: the saved rotation of the old one is ignored
        runOnce("rt-reauthorized-9999");
        vendor.verify(getRequestedFor(urlEqualTo(OWNERS)).withHeader("Authorization", equalTo("Bearer at-fresh")));
        vendor.verify(0, postRequestedFor(urlEqualTo(TOKEN)).withRequestBody(containing("refresh_token=rt-rotated-2222")));
        // and its own rotation is what the next start uses
        vendor.stubFor(post(TOKEN).withRequestBody(containing("refresh_token=rt-rotated-5555"))
                .willReturn(okJson("{\"refresh_token\":\"rt-rotated-6666\",\"access_token\":\"at-sixth\",\"expires_in\":1800}")));
        runOnce("rt-reauthorized-9999");
        vendor.verify(getRequestedFor(urlEqualTo(OWNERS)).withHeader("Authorization", equalTo("Bearer at-sixth")));
    }
}
