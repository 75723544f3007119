package io.crmw.connectors.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.spi.ConfigException;
import io.crmw.connectors.spi.Secret;
import io.crmw.connectors.spi.SourceConfig;
import io.crmw.connectors.spi.SourceException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SalesforceAuthTest extends SalesforceTestSupport {

    private static final String LIMITS = DATA + "/limits";

    private void stubLimits() {
        instance.stubFor(get(LIMITS).willReturn(okJson("{\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":14982}}")
                .withHeader("Sforce-Limit-Info", "api-usage=18/15000")));
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void refreshTokenFlowCallsTheApiOnTheInstanceUrlWithTheBearerToken() throws Exception {
        stubLimits();
        StreamHttp http = http(refreshConfig(Map.of())).forStream("opportunities");

        assertThat(http.get(LIMITS).path("DailyApiRequests").path("Max").asLong()).isEqualTo(15000);

        Map<String, String> form = form(login.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).get(0));
        assertThat(form).containsEntry("grant_type", "refresh_token").containsEntry("client_id", "3MVG9-consumer-key")
                .containsEntry("client_secret", CLIENT_SECRET).containsEntry("refresh_token", REFRESH_TOKEN);
        instance.verify(getRequestedFor(urlEqualTo(LIMITS)).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
        login.verify(0, getRequestedFor(anyUrl())); // the login host only serves the token
    }

    @Test
    void clientCredentialsFlowPostsTheClientSecretToTheLoginUrl() throws Exception {
        stubLimits();
        login.stubFor(post(TOKEN_PATH).withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(okJson(token("token-client-credentials.json"))));
        SourceConfig config = config(Map.of("login-url", login.baseUrl()),
                Map.of("client-secret", new Secret("${SF_CLIENT_SECRET}", CLIENT_SECRET)));
        StreamHttp http = http(config).forStream("accounts");

        http.get(LIMITS);

        Map<String, String> form = form(login.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).get(0));
        assertThat(form).containsOnlyKeys("grant_type", "client_id", "client_secret")
                .containsEntry("client_secret", CLIENT_SECRET);
        instance.verify(getRequestedFor(urlEqualTo(LIMITS))
                .withHeader("Authorization", equalTo("Bearer 00Dxx0000001gPL!CC.session.ZZZZ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRIVATE KEY", "RSA PRIVATE KEY"})
    void jwtBearerFlowSendsAnRs256AssertionWithTheDocumentedClaims(String pemType, @TempDir Path dir) throws Exception {
        stubLimits();
        login.stubFor(post(TOKEN_PATH).withRequestBody(containing("jwt-bearer"))
                .willReturn(okJson(token("token-jwt.json"))));
        Path pem = dir.resolve("server.key");
        Files.writeString(pem, throwawayKeyPem(pemType));
        // the loader turns `private-key-file: <path>` into the secret 'private-key' holding the PEM
        SourceConfig config = config(Map.of("username", "integration@acme.example"),
                Map.of("private-key", new Secret(pem.toString(), Files.readString(pem))));
        StreamHttp http = http(config).forStream("users");

        http.get(LIMITS);

        Map<String, String> form = form(login.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).get(0));
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] jwt = form.get("assertion").split("\\.");
        assertThat(jwt).hasSize(3);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        JsonNode header = JsonMapper.builder().build().readTree(b64.decode(jwt[0]));
        JsonNode claims = JsonMapper.builder().build().readTree(b64.decode(jwt[1]));
        assertThat(header.path("alg").asString()).isEqualTo("RS256");
        assertThat(claims.path("iss").asString()).isEqualTo("3MVG9-consumer-key");
        assertThat(claims.path("sub").asString()).isEqualTo("integration@acme.example");
        assertThat(claims.path("aud").asString()).isEqualTo(login.baseUrl());
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 180);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) SalesforceGrant.JwtBearer.readPem("sf-main", pem.toString());
        verifier.initVerify(KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())));
        verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(b64.decode(jwt[2]))).isTrue();
        instance.verify(getRequestedFor(urlEqualTo(LIMITS))
                .withHeader("Authorization", equalTo("Bearer 00Dxx0000001gPL!JWT.session.YYYY")));
    }

    @Test
    void invalidSessionRefreshesOnceAndRetriesOnce() throws Exception {
        login.stubFor(post(TOKEN_PATH).inScenario("session").whenScenarioStateIs("Started")
                .willReturn(okJson(token("token-refresh.json"))).willSetStateTo("refreshed"));
        login.stubFor(post(TOKEN_PATH).inScenario("session").whenScenarioStateIs("refreshed")
                .willReturn(okJson(token("token-refresh-2.json"))));
        instance.stubFor(get(LIMITS).withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .willReturn(aResponse().withStatus(401).withBody(fixture("error-invalid-session.json"))));
        instance.stubFor(get(LIMITS).withHeader("Authorization", equalTo("Bearer 00Dxx0000001gPL!SECOND.session.QQQQ"))
                .willReturn(okJson("{\"DailyApiRequests\":{\"Max\":15000}}")));
        StreamHttp http = http(refreshConfig(Map.of())).forStream("accounts");

        assertThat(http.get(LIMITS).path("DailyApiRequests").path("Max").asLong()).isEqualTo(15000);
        login.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        instance.verify(2, getRequestedFor(urlEqualTo(LIMITS)));
        assertThat(http.stats().retries()).isEqualTo(1);
    }

    @Test
    void secondInvalidSessionFailsNamingTheCredentialsNeverTheirValues() {
        instance.stubFor(get(LIMITS).willReturn(aResponse().withStatus(401).withBody(fixture("error-invalid-session.json"))));
        StreamHttp http = http(refreshConfig(Map.of())).forStream("accounts");

        assertThatThrownBy(() -> http.get(LIMITS)).isInstanceOf(SourceException.class)
                .hasMessageContaining("sf-main").hasMessageContaining("accounts")
                .hasMessageContaining("INVALID_SESSION_ID").hasMessageContaining("${SF_REFRESH_TOKEN}")
                .hasMessageNotContaining(ACCESS_TOKEN).hasMessageNotContaining(CLIENT_SECRET)
                .hasMessageNotContaining(REFRESH_TOKEN);
        login.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        instance.verify(2, getRequestedFor(urlEqualTo(LIMITS)));
    }

    @Test
    void rejectedGrantIsExplainedAndSecretsStayOutOfMessagesAndLogs() {
        login.stubFor(post(TOKEN_PATH).atPriority(1).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"expired access/refresh token "
                        + REFRESH_TOKEN + " for secret " + CLIENT_SECRET + "\"}")));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger crmw = (Logger) LoggerFactory.getLogger("io.crmw");
        Logger httpLogger = (Logger) LoggerFactory.getLogger("io.crmw.connectors.http");
        Level crmwLevel = crmw.getLevel();
        Level httpLevel = httpLogger.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        crmw.setLevel(Level.DEBUG);
        httpLogger.setLevel(Level.DEBUG);
        try {
            StreamHttp http = http(refreshConfig(Map.of())).forStream("accounts");
            assertThatThrownBy(() -> http.get(LIMITS)).isInstanceOf(SourceException.class)
                    .hasMessageContaining("invalid_grant").hasMessageContaining("${SF_REFRESH_TOKEN}")
                    .hasMessageNotContaining(REFRESH_TOKEN).hasMessageNotContaining(CLIENT_SECRET);
        } finally {
            root.detachAppender(logs);
            crmw.setLevel(crmwLevel);
            httpLogger.setLevel(httpLevel);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain(REFRESH_TOKEN).doesNotContain(CLIENT_SECRET).doesNotContain(ACCESS_TOKEN));
    }

    @Test
    void loginUrlMustBeAHostAndCredentialsMustBeComplete() {
        SourceConfig withPath = new SourceConfig("sf-main", "salesforce",
                URI.create("https://acme.my.salesforce.com/services/data/v62.0"), Map.of("client-id", "x"),
                Map.of("client-secret", new Secret("${S}", CLIENT_SECRET)), List.of(), Optional.empty());
        assertThatThrownBy(() -> connector.validate(withPath)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'base-url' must be the login host only").hasMessageContaining("instance_url");

        SourceConfig badLogin = config(Map.of("login-url", "login.salesforce.com"),
                Map.of("client-secret", new Secret("${S}", CLIENT_SECRET)));
        assertThatThrownBy(() -> connector.validate(badLogin)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'login-url' must be the Salesforce login URL");

        assertThatThrownBy(() -> connector.validate(config(Map.of(), Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no Salesforce credentials");
        assertThatThrownBy(() -> connector.validate(config(Map.of("username", "u@x"), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'private-key-file' is missing");
        assertThatThrownBy(() -> connector.validate(config(Map.of("api-version", "62"),
                Map.of("client-secret", new Secret("${S}", CLIENT_SECRET))))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'api-version'");
    }

    /**
     * A fresh RSA key as PEM, generated per test so that no key file is kept in the repository:
     * "PRIVATE KEY" is PKCS#8, "RSA PRIVATE KEY" the PKCS#1 key inside it.
     */
    private static String throwawayKeyPem(String type) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        if (type.equals("RSA PRIVATE KEY")) {
            der = pkcs1Of(der);
        }
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** PKCS#8 = SEQUENCE { version, AlgorithmIdentifier, OCTET STRING { PKCS#1 key } }: returns the octet string's content. */
    private static byte[] pkcs1Of(byte[] pkcs8) {
        int[] at = {0};
        header(pkcs8, at);                       // outer SEQUENCE
        int version = header(pkcs8, at);
        at[0] += version;                        // skip version INTEGER
        int algorithm = header(pkcs8, at);
        at[0] += algorithm;                      // skip AlgorithmIdentifier SEQUENCE
        int length = header(pkcs8, at);          // OCTET STRING
        return java.util.Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
    }

    /** Reads a DER tag and length at {@code at}, leaves {@code at} on the content, returns the content length. */
    private static int header(byte[] der, int[] at) {
        at[0]++; // tag
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }
}
