package io.crmw.connectors.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.crmw.connectors.spi.Connector;
import io.crmw.connectors.spi.RateLimit;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.SourceException;
import io.crmw.connectors.spi.Stream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nothing in the shared HTTP layer waits forever: a long Retry-After stops the call, a dribbling server is cut. */
class WaitBoundsTest {
    private static final String TOKEN = "wait-bounds-token-123456";
    private static final String PATH = "/v1/things";

    private WireMockServer server;

    /** A vendor-neutral connector: static bearer token, no vendor rules. */
    private static class PlainVendor implements Connector {
        private final String type;

        PlainVendor(String type) {
            this.type = type;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public RateLimit defaultRateLimit() {
            return RateLimit.perSecond(100);
        }

        @Override
        public List<String> streamNames() {
            return List.of("things");
        }

        @Override
        public SourceHttp http(SourceConfig config) {
            return HttpFactory.forSource(config, this);
        }

        @Override
        public List<Stream> streams(SourceConfig config, SourceHttp http) {
            return List.of();
        }
    }

    private static final Connector PLAIN = new PlainVendor("plain");

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private StreamHttp http(Map<String, String> settings) {
        SourceConfig config = new SourceConfig("plain-main", "plain", URI.create(server.baseUrl()), settings,
                Map.of("token", new Secret("${PLAIN_TOKEN}", TOKEN)), List.of(), Optional.empty());
        return PLAIN.http(config).forStream("things");
    }

    @Test
    void retryAfterLongerThanRetryMaxMillisStopsResumablyWithinASecondNamingTheWait() {
        server.stubFor(get(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "86400")));
        StreamHttp http = http(Map.of());

        long started = System.nanoTime();
        assertThatThrownBy(() -> http.get(PATH))
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.resumable()).isTrue())
                .hasMessageContaining("source 'plain-main', stream 'things'")
                .hasMessageContaining("86400 s (24 h 0 min)")
                .hasMessageContaining("retry-max-millis (60000 ms)")
                .hasMessageContaining("Retry after ")
                .hasMessageNotContaining(TOKEN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        server.verify(1, getRequestedFor(urlEqualTo(PATH)));
        assertThat(http.stats().throttled()).isEqualTo(1);
    }

    @Test
    void retryAfterWithinRetryMaxMillisIsStillObeyed() throws Exception {
        server.stubFor(get(PATH).inScenario("s").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        server.stubFor(get(PATH).inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{\"n\":7}")));
        StreamHttp http = http(Map.of("retry-max-millis", "1500"));

        long started = System.nanoTime();
        assertThat(http.get(PATH).path("n").asInt()).isEqualTo(7);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        assertThat(http.stats().retries()).isEqualTo(1);
    }

    @Test
    void aServerDribblingBytesIsCutAtTheCallTimeout() {
        // 10 chunks over 8 s: every gap (0.8 s) is under the 3 s read timeout, so only the call timeout can end it
        server.stubFor(get(PATH).willReturn(okJson("{\"items\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}")
                .withChunkedDribbleDelay(10, 8_000)));
        StreamHttp http = http(Map.of("call-timeout-seconds", "1", "read-timeout-seconds", "3", "max-attempts", "1"));

        long started = System.nanoTime();
        assertThatThrownBy(() -> http.get(PATH)).isInstanceOf(SourceException.class)
                .hasMessageContaining("no complete answer within 1 s (call-timeout-seconds)");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(3));
    }

    /** A vendor whose rate-limit header asks every caller to hold for a day after each answer. */
    private static final class HoldingVendor extends PlainVendor implements HttpProfileProvider {
        HoldingVendor() {
            super("holding");
        }

        @Override
        public HttpProfile httpProfile(SourceConfig config) {
            VendorRules holdADay = new VendorRules() {
                @Override
                public Duration pauseAfter(int status, okhttp3.Headers headers) {
                    return Duration.ofDays(1);
                }
            };
            return new HttpProfile(new StaticBearerToken(config.requireSecret("token")), holdADay, Map.of());
        }
    }

    @Test
    void aVendorHoldHeaderIsHeldAtMostRetryMaxMillis() throws Exception {
        server.stubFor(get(PATH).willReturn(okJson("{\"n\":1}")));
        SourceConfig config = new SourceConfig("holding-main", "holding", URI.create(server.baseUrl()),
                Map.of("retry-max-millis", "300"), Map.of("token", new Secret("${T}", TOKEN)), List.of(), Optional.empty());
        StreamHttp http = new HoldingVendor().http(config).forStream("things");

        http.get(PATH);
        long started = System.nanoTime();
        assertThat(http.get(PATH).path("n").asInt()).isEqualTo(1);
        Duration held = Duration.ofNanos(System.nanoTime() - started);
        assertThat(held).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(2));
    }
}
