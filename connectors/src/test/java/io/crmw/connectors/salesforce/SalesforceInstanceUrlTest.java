package io.crmw.connectors.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.connectors.http.Loopback;
import io.crmw.connectors.spi.SourceException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every API call carries the access token to the token response's instance_url: https only, except on loopback. */
class SalesforceInstanceUrlTest extends SalesforceTestSupport {

    @Test
    void aPlainHttpInstanceUrlOnAnotherHostIsRefusedBeforeAnyApiCall() {
        login.stubFor(post(TOKEN_PATH).atPriority(1).willReturn(okJson(token("token-refresh.json")
                .replace(instance.baseUrl(), "http://eu12.my.salesforce.example"))));
        var http = http(refreshConfig(Map.of())).forStream("opportunities");

        // before: the bearer token went to http://eu12.my.salesforce.example in clear
        assertThatThrownBy(() -> http.get(DATA + "/limits")).isInstanceOf(SourceException.class)
                .hasMessageContaining("instance_url http://eu12.my.salesforce.example over plain http; refused")
                .hasMessageContaining("https").hasMessageNotContaining(ACCESS_TOKEN);
        instance.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void httpsAndLoopbackInstanceUrlsAreAccepted() throws Exception {
        instance.stubFor(get(DATA + "/limits").willReturn(okJson("{}")));
        http(refreshConfig(Map.of())).forStream("opportunities").get(DATA + "/limits"); // http://localhost:<port>
        instance.verify(1, getRequestedFor(urlEqualTo(DATA + "/limits")));

        assertThat(Loopback.secureEnough("https", "eu12.my.salesforce.com")).isTrue();
        assertThat(Loopback.secureEnough("http", "127.0.0.1")).isTrue();
        assertThat(Loopback.secureEnough("http", "[::1]")).isTrue();
        assertThat(Loopback.secureEnough("http", "127.evil.example")).isFalse();
        assertThat(Loopback.secureEnough("http", "localhost.evil.example")).isFalse();
        assertThat(Loopback.secureEnough("ftp", "localhost")).isFalse();
    }
}
