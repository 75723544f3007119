package io.crmw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmw.sandbox.business.Crm;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Simulators register like connectors; each one answers the credentials it advertises, and only those. */
class SimulatorProviderTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void registeredProvidersAreExactlyHubSpotSalesforcePipedriveZohoAndBothZendesksInCrmOrder() {
    assertThat(SimulatorProvider.all()).extracting(SimulatorProvider::type)
        .containsExactly("hubspot", "salesforce", "pipedrive", "zoho", "zendesk", "zendesk-sell");
    assertThat(SimulatorProvider.all()).extracting(SimulatorProvider::crm)
        .containsExactly(Crm.HUBSPOT, Crm.SALESFORCE, Crm.PIPEDRIVE, Crm.ZOHO, Crm.ZENDESK_SUPPORT, Crm.ZENDESK_SELL);
    assertThat(SimulatorProvider.of("pipedrive").description()).contains("Pipedrive");
    assertThat(SimulatorProvider.of("zoho").description()).contains("Zoho");
    assertThat(SimulatorProvider.of("zendesk").description()).contains("Zendesk Support");
    assertThat(SimulatorProvider.of("zendesk-sell").description()).contains("Zendesk Sell");
    assertThatThrownBy(() -> SimulatorProvider.of("freshdesk")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hubspot, salesforce, pipedrive, zoho, zendesk, zendesk-sell");
  }

  @Test
  void everySimulatorStartsAndAnswersAnAuthenticatedRequestWithTheSettingsItAdvertises() throws Exception {
    SandboxOptions options = SandboxOptions.defaults().withCrmTypes(List.of("hubspot", "salesforce", "pipedrive",
        "zoho"));
    try (Sandbox s = Sandbox.start(options)) {
      assertThat(s.simulators()).containsOnlyKeys("hubspot", "salesforce", "pipedrive", "zoho");
      assertThat(s.simulator("zoho")).isSameAs(s.zoho());
      assertThat(s.simulator("pipedrive")).isSameAs(s.pipedrive());

      Map<String, String> hubspot = s.simulator("hubspot").connectionSettings();
      assertThat(hubspot).containsOnlyKeys("base-url", "token");
      assertThat(get(hubspot.get("base-url") + "/crm/v3/owners", "Authorization", "Bearer " + hubspot.get("token"))
          .statusCode()).isEqualTo(200);
      assertThat(get(hubspot.get("base-url") + "/crm/v3/owners", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);

      Map<String, String> salesforce = s.simulator("salesforce").connectionSettings();
      assertThat(salesforce).containsOnlyKeys("login-url", "client-id", "client-secret");
      HttpResponse<String> token = post(salesforce.get("login-url") + "/services/oauth2/token", Map.of(
          "grant_type", "client_credentials", "client_id", salesforce.get("client-id"),
          "client_secret", salesforce.get("client-secret")));
      assertThat(token.statusCode()).isEqualTo(200);
      String access = TestHttp.JSON.readTree(token.body()).path("access_token").asString();
      String instance = TestHttp.JSON.readTree(token.body()).path("instance_url").asString();
      assertThat(get(instance + "/services/data/v62.0/limits", "Authorization", "Bearer " + access).statusCode())
          .isEqualTo(200);
      assertThat(get(instance + "/services/data/v62.0/limits", "Authorization", "Bearer wrong").statusCode())
          .isEqualTo(401);

      Map<String, String> pipedrive = s.simulator("pipedrive").connectionSettings();
      assertThat(pipedrive).containsOnlyKeys("base-url", "api-token");
      HttpResponse<String> deals = get(pipedrive.get("base-url") + "/api/v2/deals", "x-api-token",
          pipedrive.get("api-token"));
      assertThat(deals.statusCode()).isEqualTo(200);
      assertThat(TestHttp.JSON.readTree(deals.body()).path("data").size()).isPositive();
      assertThat(get(pipedrive.get("base-url") + "/api/v2/deals", "x-api-token", "wrong").statusCode())
          .isEqualTo(401);

      Map<String, String> zoho = s.simulator("zoho").connectionSettings();
      assertThat(zoho).containsOnlyKeys("accounts-url", "client-id", "client-secret", "refresh-token");
      HttpResponse<String> refreshed = post(zoho.get("accounts-url") + "/oauth/v2/token", Map.of(
          "grant_type", "refresh_token", "client_id", zoho.get("client-id"), "client_secret",
          zoho.get("client-secret"), "refresh_token", zoho.get("refresh-token")));
      assertThat(refreshed.statusCode()).isEqualTo(200);
      String zohoToken = TestHttp.JSON.readTree(refreshed.body()).path("access_token").asString();
      String apiDomain = TestHttp.JSON.readTree(refreshed.body()).path("api_domain").asString();
      assertThat(get(apiDomain + "/crm/v8/org", "Authorization", "Zoho-oauthtoken " + zohoToken).statusCode())
          .isEqualTo(200);
      assertThat(get(apiDomain + "/crm/v8/org", "Authorization", "Zoho-oauthtoken wrong").statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void aSimulatorWhoseCrmIsNotSelectedIsNotStartedAndSaysHowToSelectIt() {
    try (Sandbox s = Sandbox.start(SandboxOptions.defaults().withCrms(EnumSet.of(Crm.HUBSPOT, Crm.PIPEDRIVE)))) {
      assertThat(s.simulators()).containsOnlyKeys("hubspot", "pipedrive");
      assertThatThrownBy(s::salesforce).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("withCrms").hasMessageContaining("running: hubspot, pipedrive");
    }
  }

  private static HttpResponse<String> get(String url, String header, String value) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header(header, value).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
        "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
