package io.crmw.connectors.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.connectors.MovableClock;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.SourceException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HubSpotOAuthTest extends HubSpotTestSupport {

    private static final String OWNERS = "/crm/v3/owners?limit=100";
    private final MovableClock movableClock = MovableClock.at(NOW);

    @BeforeEach
    void oauthConnector() {
        clock = movableClock;
        connector = new HubSpotConnector(movableClock);
        server.stubFor(post("/oauth/v1/token").withRequestBody(containing("refresh_token=rt-initial-1111"))
                .willReturn(okJson(fixture("oauth-token.json"))));
        server.stubFor(post("/oauth/v1/token").withRequestBody(containing("refresh_token=rt-rotated-2222"))
                .willReturn(okJson(fixture("oauth-token-2.json"))));
    }

    private StreamHttp owners() {
        SourceConfig config = config(Map.of("client-id", "client-abc"), Map.of(
                "client-secret", new Secret("${HUBSPOT_CLIENT_SECRET}", "cs-secret-9999"),
                "refresh-token", new Secret("${HUBSPOT_REFRESH_TOKEN}", "rt-initial-1111")));
        return http(config).forStream("owners");
    }

    @Test
    void refreshesShortlyBeforeExpiryAndKeepsTheRotatedRefreshToken() throws Exception {
        server.stubFor(get(OWNERS).willReturn(okJson(fixture("owners-page2.json"))));
        StreamHttp http = owners();
        http.get(OWNERS);
        movableClock.advance(Duration.ofSeconds(1700)); // 100 s left: still valid
        http.get(OWNERS);
        server.verify(1, postRequestedFor(urlEqualTo("/oauth/v1/token")));
        movableClock.advance(Duration.ofSeconds(50)); // 50 s left < 60 s margin: refresh first
        http.get(OWNERS);

        server.verify(2, postRequestedFor(urlEqualTo("/oauth/v1/token")));
        server.verify(postRequestedFor(urlEqualTo("/oauth/v1/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("client_id=client-abc"))
                .withRequestBody(containing("client_secret=cs-secret-9999"))
                .withRequestBody(containing("refresh_token=rt-rotated-2222")));
        server.verify(2, getRequestedFor(urlEqualTo(OWNERS)).withHeader("Authorization", equalTo("Bearer at-first-AAAA")));
        server.verify(1, getRequestedFor(urlEqualTo(OWNERS)).withHeader("Authorization", equalTo("Bearer at-second-BBBB")));
    }

    @Test
    void refreshesOnceAndRetriesOnceAfter401() throws Exception {
        server.stubFor(get(OWNERS).withHeader("Authorization", equalTo("Bearer at-first-AAAA"))
                .willReturn(aResponse().withStatus(401).withBody(fixture("error-401.json"))));
        server.stubFor(get(OWNERS).withHeader("Authorization", equalTo("Bearer at-second-BBBB"))
                .willReturn(okJson(fixture("owners-page2.json"))));
        StreamHttp http = owners();
        assertThat(http.get(OWNERS).path("results").get(0).path("id").asString()).isEqualTo("91234569");
        server.verify(2, postRequestedFor(urlEqualTo("/oauth/v1/token")));
        assertThat(http.stats().retries()).isEqualTo(1);
    }

    @Test
    void aSecond401FailsClearlyWithoutSecrets() {
        server.stubFor(get(OWNERS).willReturn(aResponse().withStatus(401).withBody(fixture("error-401.json"))));
        StreamHttp http = owners();
        assertThatThrownBy(() -> http.get(OWNERS)).isInstanceOf(SourceException.class)
                .hasMessageContaining("token rejected (401)")
                .hasMessageContaining("${HUBSPOT_REFRESH_TOKEN}")
                .hasMessageNotContaining("at-second-BBBB").hasMessageNotContaining("cs-secret-9999");
        server.verify(2, getRequestedFor(urlEqualTo(OWNERS)));
    }

    @Test
    void rejectedRefreshIsExplainedWithoutSecrets() {
        server.stubFor(post("/oauth/v1/token").atPriority(1).willReturn(aResponse().withStatus(400).withBody(
                "{\"status\":\"BAD_REFRESH_TOKEN\",\"message\":\"missing or unknown refresh token rt-initial-1111\"}")));
        StreamHttp http = owners();
        assertThatThrownBy(() -> http.get(OWNERS)).isInstanceOf(SourceException.class)
                .hasMessageContaining("/oauth/v1/token").hasMessageContaining("refresh")
                .hasMessageNotContaining("rt-initial-1111").hasMessageNotContaining("cs-secret-9999");
    }
}
