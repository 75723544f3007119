package io.crmw.connectors.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.crmw.connectors.http.CallStats;
import io.crmw.connectors.http.OkHttpSourceHttp;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.spi.SourceException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The shared HTTP layer against HubSpot-format responses, with HubSpot's vendor rules. */
class HubSpotHttpTest extends HubSpotTestSupport {

    private static final String OWNERS = "/crm/v3/owners?limit=100";

    private StreamHttp owners() {
        return http(tokenConfig()).forStream("owners");
    }

    private void stubSequence(String url, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "step" + (i + 1);
            server.stubFor(get(url).inScenario("seq").whenScenarioStateIs(state).willReturn(responses[i])
                    .willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void sendsBearerTokenAndParsesJson() throws Exception {
        server.stubFor(get(OWNERS).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson(fixture("owners-page2.json"))));
        JsonNode body = owners().get(OWNERS);
        assertThat(body.path("results").get(0).path("email").asString()).isEqualTo("cy@example.com");
    }

    @Test
    void honoursRetryAfterOn429AndCountsIt() throws Exception {
        StreamHttp http = owners();
        stubSequence(OWNERS,
                aResponse().withStatus(429).withHeader("Retry-After", "1").withBody(fixture("error-429-burst.json")),
                okJson(fixture("owners-page2.json")));
        assertThat(http.get(OWNERS).path("results").size()).isEqualTo(1);
        assertThat(time.sleeps).contains(Duration.ofSeconds(1));
        assertThat(http.stats()).isEqualTo(new CallStats(2, 1, 1));
    }

    @Test
    void backsOffOn429WithoutRetryAfter() throws Exception {
        StreamHttp http = owners();
        stubSequence(OWNERS,
                aResponse().withStatus(429).withBody(fixture("error-429-burst.json")),
                aResponse().withStatus(429).withBody(fixture("error-429-burst.json")),
                okJson(fixture("owners-page2.json")));
        http.get(OWNERS);
        assertThat(time.sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(8)));
        assertThat(http.stats()).isEqualTo(new CallStats(3, 2, 2));
    }

    @Test
    void retries5xxAndVendorStatuses() throws Exception {
        StreamHttp http = owners();
        stubSequence(OWNERS,
                aResponse().withStatus(502).withBody(fixture("error-502.json")),
                aResponse().withStatus(503),
                aResponse().withStatus(423).withBody("{\"status\":\"error\",\"message\":\"locked\"}"),
                aResponse().withStatus(477).withBody("{\"status\":\"error\",\"message\":\"migration in progress\"}"),
                okJson(fixture("owners-page2.json")));
        assertThat(http.get(OWNERS).path("results").get(0).path("id").asString()).isEqualTo("91234569");
        assertThat(http.stats()).isEqualTo(new CallStats(5, 4, 0));
    }

    @Test
    void retriesMalformedAndTruncatedBodiesThenSucceeds() throws Exception {
        StreamHttp http = owners();
        String full = fixture("owners-page2.json");
        stubSequence(OWNERS,
                aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(full.substring(0, 40)),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                okJson(full));
        assertThat(http.get(OWNERS).path("results").get(0).path("email").asString()).isEqualTo("cy@example.com");
        assertThat(http.stats().retries()).isEqualTo(2);
    }

    @Test
    void givesUpAfterMaxAttemptsWithAResumableError() {
        StreamHttp http = owners();
        server.stubFor(get(OWNERS).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> http.get(OWNERS))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.resumable()).isTrue())
                .hasMessageContaining("hubspot-main").hasMessageContaining("after 6 attempts").hasMessageContaining("503");
        assertThat(http.stats().calls()).isEqualTo(6);
    }

    @Test
    void rejectedTokenGivesAClearMessageWithoutTheToken() {
        StreamHttp http = owners();
        server.stubFor(get(OWNERS).willReturn(aResponse().withStatus(401).withBody(fixture("error-401.json")
                .replace("Authentication credentials not found.", "Token " + TOKEN + " is invalid."))));
        assertThatThrownBy(() -> http.get(OWNERS))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.resumable()).isFalse())
                .hasMessageContaining("source 'hubspot-main', stream 'owners': GET /crm/v3/owners")
                .hasMessageContaining("token rejected (401)")
                .hasMessageContaining("${HUBSPOT_TOKEN}")
                .hasMessageNotContaining(TOKEN);
        assertThat(http.stats().calls()).isEqualTo(1);
    }

    @Test
    void missingScopeIsExplained() {
        StreamHttp http = owners();
        server.stubFor(get(OWNERS).willReturn(aResponse().withStatus(403).withBody(
                "{\"status\":\"error\",\"message\":\"This app hasn't been granted all required scopes\",\"category\":\"MISSING_SCOPES\"}")));
        assertThatThrownBy(() -> http.get(OWNERS)).hasMessageContaining("scope").hasMessageContaining("403");
    }

    @Test
    void dailyLimitStopsWithoutRetryAndIsResumable() {
        StreamHttp http = owners();
        server.stubFor(get(OWNERS).willReturn(aResponse().withStatus(429).withBody(fixture("error-429-daily.json"))));
        assertThatThrownBy(() -> http.get(OWNERS))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.resumable()).isTrue())
                .hasMessageContaining("daily").hasMessageContaining("midnight");
        assertThat(http.stats()).isEqualTo(new CallStats(1, 0, 1));
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void exhaustedRateLimitHeaderHoldsTheNextCall() throws Exception {
        StreamHttp http = owners();
        server.stubFor(get(OWNERS).willReturn(okJson(fixture("owners-page2.json"))
                .withHeader("X-HubSpot-RateLimit-Remaining", "0")
                .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")));
        http.get(OWNERS);
        assertThat(time.sleeps).isEmpty();
        http.get(OWNERS);
        assertThat(time.sleeps).hasSize(1);
        assertThat(time.sleeps.get(0)).isGreaterThan(Duration.ofMillis(9_000)).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void countersArePerStreamWhileTheClientIsShared() throws Exception {
        OkHttpSourceHttp source = http(tokenConfig());
        StreamHttp a = source.forStream("owners");
        StreamHttp b = source.forStream("deals");
        server.stubFor(get(OWNERS).willReturn(okJson(fixture("owners-page2.json"))));
        a.get(OWNERS);
        a.get(OWNERS);
        b.get(OWNERS);
        assertThat(a.stats().calls()).isEqualTo(2);
        assertThat(b.stats().calls()).isEqualTo(1);
    }

    @Test
    void logsNeverContainTheToken() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(OkHttpSourceHttp.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        try {
            StreamHttp http = owners();
            String url = OWNERS + "&access_token=" + TOKEN;
            server.stubFor(get(urlPathEqualTo("/crm/v3/owners")).inScenario("log").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"bad token Bearer " + TOKEN + "\"}"))
                    .willSetStateTo("ok"));
            server.stubFor(get(urlPathEqualTo("/crm/v3/owners")).inScenario("log").whenScenarioStateIs("ok")
                    .willReturn(okJson(fixture("owners-page2.json"))));
            http.get(url);
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getLevel).contains(Level.DEBUG, Level.WARN);
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("GET /crm/v3/owners").contains("-> 200"))
                .allSatisfy(m -> assertThat(m).doesNotContain(TOKEN));
    }
}
