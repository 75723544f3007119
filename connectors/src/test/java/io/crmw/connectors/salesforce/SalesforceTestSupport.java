package io.crmw.connectors.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.*;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.crmw.connectors.WireMockVendorTest;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two WireMock servers in Salesforce's shape: {@code login} (the OAuth token endpoint, given as {@code login-url}) and
 * {@code instance} (the org, reached only through the token response's {@code instance_url}).
 */
abstract class SalesforceTestSupport extends WireMockVendorTest<SalesforceConnector> {

    static final String CLIENT_SECRET = "cs-SECRET-8c1f2d";
    static final String REFRESH_TOKEN = "5Aep861-REFRESH-77aa";
    static final String ACCESS_TOKEN = "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog.39AsX.LVpxezPwuX5VAIrrbbHMuol7GQxnMeYMN7cj8EoWr78nkmPNbYUK5UzZYS2pIAN";
    static final String DATA = "/services/data/v62.0";
    static final String TOKEN_PATH = "/services/oauth2/token";

    final WireMockServer login = startedWireMock();
    private String instanceUrl;
    final WireMockServer instance = startedWireMock(new CompositeFromGetStubs(() -> instanceUrl));

    @Override
    protected SalesforceConnector newConnector() {
        return new SalesforceConnector(clock, time);
    }

    @BeforeEach
    void answerCompositeCallsFromTheGetStubs() {
        instanceUrl = instance.baseUrl();
        instance.stubFor(post(DATA + "/composite").atPriority(10).willReturn(aResponse()
                .withTransformers(CompositeFromGetStubs.NAME)));
    }

    /** The URLs of the subrequests of every composite call to the instance, in order. */
    List<List<String>> compositeUrls() {
        return servedInOrder(instance).stream().filter(e -> e.getRequest().getUrl().equals(DATA + "/composite"))
                .map(e -> {
                    List<String> urls = new java.util.ArrayList<>();
                    tools.jackson.databind.json.JsonMapper.builder().build().readTree(e.getRequest().getBodyAsString())
                            .path("compositeRequest").forEach(sub -> urls.add(sub.path("url").asString()));
                    return urls;
                }).toList();
    }

    @BeforeEach
    void answerTheRefreshGrant() {
        login.stubFor(post(TOKEN_PATH).withRequestBody(containing("grant_type=refresh_token"))
                .willReturn(okJson(token("token-refresh.json"))));
    }

    String token(String fixture) {
        return fixture(fixture).replace("INSTANCE_URL", instance.baseUrl());
    }

    static String fixture(String name) {
        return fixture("salesforce", name);
    }

    SourceConfig config(Map<String, String> settings, Map<String, Secret> secrets) {
        Map<String, String> all = new HashMap<>(Map.of("client-id", "3MVG9-consumer-key"));
        all.putAll(settings);
        return new SourceConfig("sf-main", "salesforce", URI.create(login.baseUrl()), all, secrets, List.of(),
                Optional.empty());
    }

    SourceConfig refreshConfig(Map<String, String> settings) {
        return config(settings, Map.of(
                "client-secret", new Secret("${SF_CLIENT_SECRET}", CLIENT_SECRET),
                "refresh-token", new Secret("${SF_REFRESH_TOKEN}", REFRESH_TOKEN)));
    }

    void stubOpportunityDescribe() {
        instance.stubFor(get(DATA + "/sobjects/Opportunity/describe")
                .willReturn(okJson(fixture("opportunity-describe.json"))));
    }

    /** The decoded SOQL of every query request to the instance, in order. */
    List<String> soql(String endpoint) {
        return servedInOrder(instance).stream().map(e -> e.getRequest().getUrl())
                .filter(url -> url.startsWith(DATA + endpoint + "?q="))
                .map(url -> URLDecoder.decode(url.substring(url.indexOf("?q=") + 3), StandardCharsets.UTF_8))
                .toList();
    }
}
