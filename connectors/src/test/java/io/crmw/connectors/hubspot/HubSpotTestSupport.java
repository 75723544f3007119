package io.crmw.connectors.hubspot;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.crmw.connectors.WireMockVendorTest;
import io.crmw.connectors.http.RetryPolicy;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** WireMock serving HubSpot-format fixtures and a HubSpot source with a private-app token. */
abstract class HubSpotTestSupport extends WireMockVendorTest<HubSpotConnector> {

    static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

    final WireMockServer server = startedWireMock();

    @Override
    protected HubSpotConnector newConnector() {
        return new HubSpotConnector(clock);
    }

    /** HubSpot's retries spread to 8 ms over the default attempts (its 429 tests need more than three). */
    @Override
    protected RetryPolicy retry() {
        return RetryPolicy.defaults().withDelays(Duration.ofMillis(1), Duration.ofMillis(8));
    }

    static String fixture(String name) {
        return fixture("hubspot", name);
    }

    SourceConfig config(Map<String, String> settings, Map<String, Secret> secrets) {
        return new SourceConfig("hubspot-main", "hubspot", URI.create(server.baseUrl()), settings, secrets, List.of(),
                Optional.empty());
    }

    SourceConfig tokenConfig() {
        return config(Map.of(), Map.of("token", new Secret("${HUBSPOT_TOKEN}", TOKEN)));
    }
}
