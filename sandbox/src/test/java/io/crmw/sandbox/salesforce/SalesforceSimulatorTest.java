package io.crmw.sandbox.salesforce;

import static io.crmw.sandbox.salesforce.SfTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmw.sandbox.Sandbox;
import io.crmw.sandbox.SandboxOptions;
import io.crmw.sandbox.business.truth.CrmSplitTruth;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Read-only contract of the Salesforce simulator over one shared split sandbox (each test restores what it changes). */
class SalesforceSimulatorTest {

  private static Sandbox sandbox;
  private static SalesforceSimulator sf;
  private static SfTestClient client;
  private static CrmSplitTruth truth;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(SandboxOptions.defaults().withSalesforce(true));
    sf = sandbox.salesforce();
    client = new SfTestClient(sf.loginUrl()).login(sf);
    truth = new CrmSplitTruth(sandbox.business());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  // ---- OAuth ----

  @Test
  void clientCredentialsReturnsSalesforceShapedTokenWithoutExpiresIn() throws Exception {
    HttpResponse<String> r = client.tokenRequest(Map.of("grant_type", "client_credentials",
        "client_id", sf.clientId(), "client_secret", sf.clientSecret()));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode t = json(r);
    assertThat(t.path("instance_url").asString()).isEqualTo(sf.instanceUrl());
    assertThat(t.path("token_type").asString()).isEqualTo("Bearer");
    assertThat(t.path("id").asString()).startsWith(sf.loginUrl() + "/id/00D");
    assertThat(t.path("issued_at").asString()).matches("\\d{13}");
    assertThat(t.path("signature").asString()).isNotEmpty();
    assertThat(t.has("expires_in")).isFalse();
    assertThat(t.has("refresh_token")).isFalse();

    HttpResponse<String> bad = client.tokenRequest(Map.of("grant_type", "client_credentials",
        "client_id", sf.clientId(), "client_secret", "wrong"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("error").asString()).isEqualTo("invalid_client");
  }

  @Test
  void refreshTokenFlowIssuesAWorkingSessionAndRejectsAnUnknownRefreshToken() throws Exception {
    HttpResponse<String> r = client.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", sf.clientId(),
        "client_secret", sf.clientSecret(), "refresh_token", sf.refreshToken()));
    assertThat(r.statusCode()).isEqualTo(200);
    SfTestClient c = new SfTestClient(json(r).path("instance_url").asString());
    c.token = json(r).path("access_token").asString();
    assertThat(c.query("SELECT Id FROM User").statusCode()).isEqualTo(200);

    HttpResponse<String> bad = client.tokenRequest(Map.of("grant_type", "refresh_token", "client_id", sf.clientId(),
        "refresh_token", "nope"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("error").asString()).isEqualTo("invalid_grant");
    assertThat(json(bad).path("error_description").asString()).isEqualTo("expired access/refresh token");
  }

  @Test
  void jwtBearerAcceptsTheKeyWrittenToAFileAndRejectsABadSignatureAudienceAndExpiry(@TempDir Path dir)
      throws Exception {
    Path pem = sf.writePrivateKey(dir.resolve("keys/sf.pem"));
    String text = Files.readString(pem);
    assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----");
    byte[] der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    Instant exp = Instant.now().plusSeconds(170);
    String grant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    HttpResponse<String> ok = client.tokenRequest(Map.of("grant_type", grant,
        "assertion", SfTestClient.jwt(key, sf.clientId(), sf.username(), sf.loginUrl(), exp)));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).path("instance_url").asString()).isEqualTo(sf.instanceUrl());
    assertThat(json(ok).has("refresh_token")).isFalse();

    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    PrivateKey other = g.generateKeyPair().getPrivate();
    HttpResponse<String> badSig = client.tokenRequest(Map.of("grant_type", grant,
        "assertion", SfTestClient.jwt(other, sf.clientId(), sf.username(), sf.loginUrl(), exp)));
    assertThat(badSig.statusCode()).isEqualTo(400);
    assertThat(json(badSig).path("error").asString()).isEqualTo("invalid_grant");
    assertThat(json(badSig).path("error_description").asString()).isEqualTo("invalid assertion");

    HttpResponse<String> badAud = client.tokenRequest(Map.of("grant_type", grant,
        "assertion", SfTestClient.jwt(key, sf.clientId(), sf.username(), "https://login.salesforce.com", exp)));
    assertThat(json(badAud).path("error_description").asString()).isEqualTo("audience is invalid");

    HttpResponse<String> expired = client.tokenRequest(Map.of("grant_type", grant,
        "assertion", SfTestClient.jwt(key, sf.clientId(), sf.username(), sf.loginUrl(), Instant.now().minusSeconds(5))));
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(json(expired).path("error").asString()).isEqualTo("invalid_grant");

    HttpResponse<String> badIss = client.tokenRequest(Map.of("grant_type", grant,
        "assertion", SfTestClient.jwt(key, "someone-else", sf.username(), sf.loginUrl(), exp)));
    assertThat(json(badIss).path("error").asString()).isEqualTo("invalid_client_id");
  }

  @Test
  void expiredOrUnknownSessionGets401InvalidSessionId() throws Exception {
    HttpResponse<String> unknown = new SfTestClient(sf.instanceUrl()).query("SELECT Id FROM User");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");

    sf.sessionLifetime(Duration.ofMillis(300));
    try {
      SfTestClient shortLived = new SfTestClient(sf.loginUrl()).login(sf);
      assertThat(shortLived.query("SELECT Id FROM User").statusCode()).isEqualTo(200);
      Thread.sleep(400);
      HttpResponse<String> r = shortLived.query("SELECT Id FROM User");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(json(r).path(0).path("errorCode").asString()).isEqualTo("INVALID_SESSION_ID");
    } finally {
      sf.sessionLifetime(Duration.ofHours(2));
    }
  }

  // ---- discovery ----

  @Test
  void versionsAndDescribeWithCustomFields() throws Exception {
    HttpResponse<String> v = new SfTestClient(sf.instanceUrl()).get("/services/data/");
    assertThat(v.statusCode()).isEqualTo(200);
    List<String> versions = new ArrayList<>();
    json(v).forEach(n -> versions.add(n.path("version").asString()));
    assertThat(versions).contains("62.0");
    assertThat(json(v).path(0).path("url").asString()).isEqualTo("/services/data/v" + versions.get(0));

    JsonNode opp = json(client.get("/services/data/v62.0/sobjects/Opportunity/describe"));
    assertThat(opp.path("name").asString()).isEqualTo("Opportunity");
    assertThat(opp.path("keyPrefix").asString()).isEqualTo("006");
    Map<String, JsonNode> fields = new java.util.HashMap<>();
    opp.path("fields").forEach(f -> fields.put(f.path("name").asString(), f));
    assertThat(fields.get("Probability").path("type").asString()).isEqualTo("percent");
    assertThat(fields.get("Amount").path("type").asString()).isEqualTo("currency");
    assertThat(fields.get("CloseDate").path("type").asString()).isEqualTo("date");
    assertThat(fields.get("SystemModstamp").path("type").asString()).isEqualTo("datetime");
    assertThat(fields.get("AccountId").path("referenceTo").path(0).asString()).isEqualTo("Account");
    assertThat(fields.get("Loss_Reason__c").path("custom").asBoolean()).isTrue();
    assertThat(fields.get("Name").path("custom").asBoolean()).isFalse();
    JsonNode acc = json(client.get("/services/data/v62.0/sobjects/Account/describe"));
    List<String> custom = new ArrayList<>();
    acc.path("fields").forEach(f -> {
      if (f.path("custom").asBoolean()) {
        custom.add(f.path("name").asString());
      }
    });
    assertThat(custom).containsExactly("Customer_Tier__c", "Employee_Band__c");
    assertThat(client.get("/services/data/v62.0/sobjects/Nope__c/describe").statusCode()).isEqualTo(404);
  }

  // ---- SOQL ----

  @Test
  void opportunitiesAreTypedAndMatchTheOracle() throws Exception {
    HttpResponse<String> r = client.query("SELECT Id, Name, Amount, CurrencyIsoCode, Probability, CloseDate, IsWon, "
        + "SystemModstamp, AccountId FROM Opportunity ORDER BY SystemModstamp, Id");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Sforce-Limit-Info").orElseThrow()).matches("api-usage=\\d+/100000");
    JsonNode body = json(r);
    assertThat(body.path("totalSize").asLong()).isEqualTo(truth.salesforceLiveCount("Opportunity"));
    assertThat(body.path("done").asBoolean()).isTrue();
    JsonNode first = body.path("records").path(0);
    assertThat(first.path("attributes").path("type").asString()).isEqualTo("Opportunity");
    assertThat(first.path("attributes").path("url").asString())
        .isEqualTo("/services/data/v62.0/sobjects/Opportunity/" + first.path("Id").asString());
    assertThat(first.path("Id").asString()).hasSize(18).startsWith("006");
    assertThat(first.path("SystemModstamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    assertThat(first.path("IsWon").isBoolean()).isTrue();
    assertThat(first.path("Probability").isNumber()).isTrue();
    assertThat(first.path("Probability").asDouble()).isBetween(0.0, 100.0);
    String prev = "";
    for (JsonNode rec : body.path("records")) {
      String key = rec.path("SystemModstamp").asString() + rec.path("Id").asString();
      assertThat(key).isGreaterThan(prev);
      prev = key;
      if (!rec.path("CloseDate").isNull()) {
        assertThat(rec.path("CloseDate").asString()).matches("\\d{4}-\\d\\d-\\d\\d");
      }
    }
  }

  @Test
  void whereOnSystemModstampWithIdTieBreakerAndLimit() throws Exception {
    JsonNode all = json(client.query("SELECT Id, SystemModstamp FROM Account ORDER BY SystemModstamp, Id"));
    JsonNode records = all.path("records");
    int n = records.size();
    assertThat(n).isGreaterThan(10);
    JsonNode pivot = records.path(n / 2);
    String ts = pivot.path("SystemModstamp").asString().replace(".000+0000", "Z");
    String at = pivot.path("SystemModstamp").asString();
    String soql = "SELECT Id, SystemModstamp FROM Account WHERE (SystemModstamp > " + at + " OR (SystemModstamp = "
        + at + " AND Id > '" + pivot.path("Id").asString() + "')) ORDER BY SystemModstamp ASC, Id ASC LIMIT 5";
    JsonNode page = json(client.query(soql));
    assertThat(page.path("totalSize").asInt()).isEqualTo(Math.min(5, n - n / 2 - 1));
    for (int i = 0; i < page.path("records").size(); i++) {
      assertThat(page.path("records").path(i).path("Id").asString())
          .isEqualTo(records.path(n / 2 + 1 + i).path("Id").asString());
    }
    JsonNode desc = json(client.query("SELECT Id FROM Account WHERE SystemModstamp >= " + ts
        + " ORDER BY SystemModstamp DESC, Id DESC"));
    assertThat(desc.path("totalSize").asInt()).isLessThanOrEqualTo(n - n / 2);
    assertThat(desc.path("records").path(desc.path("totalSize").asInt() - 1).path("Id").asString())
        .isIn(pivot.path("Id").asString(), records.path(n / 2 - 1).path("Id").asString());
    // a 15-character id literal works like its 18-character form
    String id18 = pivot.path("Id").asString();
    JsonNode one = json(client.query("SELECT Id FROM Account WHERE Id = '" + id18.substring(0, 15) + "'"));
    assertThat(one.path("records").path(0).path("Id").asString()).isEqualTo(id18);
  }

  @Test
  void nextRecordsUrlPagesHonourTheBatchSizeHeader() throws Exception {
    JsonNode count = json(client.query("SELECT COUNT() FROM OpportunityHistory"));
    int total = count.path("totalSize").asInt();
    assertThat(total).isGreaterThan(200);
    HttpResponse<String> r = client.query("SELECT Id, OpportunityId, StageName, CreatedDate FROM OpportunityHistory ORDER BY Id",
        "Sforce-Query-Options", "batchSize=200");
    JsonNode page = json(r);
    Set<String> ids = new HashSet<>();
    int pages = 1;
    page.path("records").forEach(x -> ids.add(x.path("Id").asString()));
    assertThat(page.path("records").size()).isEqualTo(200);
    assertThat(page.path("done").asBoolean()).isFalse();
    assertThat(page.path("nextRecordsUrl").asString()).matches("/services/data/v62\\.0/query/01g\\w+-200");
    while (!page.path("done").asBoolean()) {
      page = json(client.get(page.path("nextRecordsUrl").asString()));
      page.path("records").forEach(x -> ids.add(x.path("Id").asString()));
      pages++;
    }
    assertThat(ids).hasSize(total);
    assertThat(pages).isEqualTo((total + 199) / 200);
    assertThat(page.has("nextRecordsUrl")).isFalse();
    assertThat(sf.requests("GET", "/services/data/v62.0/query")).isGreaterThanOrEqualTo(1);
    assertThat(client.get("/services/data/v62.0/query/01gBOGUS-200").statusCode()).isEqualTo(400);
  }

  @Test
  void malformedAndInvalidQueriesAreSalesforceErrors() throws Exception {
    HttpResponse<String> r = client.query("SELEC Id FROM Account");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path(0).path("errorCode").asString()).isEqualTo("MALFORMED_QUERY");
    assertThat(json(client.query("SELECT Id FROM Account WHERE IsDeleted = false AND Id > 'a' OR Id < 'b'"))
        .path(0).path("errorCode").asString()).isEqualTo("MALFORMED_QUERY");
    assertThat(json(client.query("SELECT Nope FROM Account")).path(0).path("errorCode").asString())
        .isEqualTo("INVALID_FIELD");
    assertThat(json(client.query("SELECT Id FROM Account WHERE SystemModstamp > '2024-01-01T00:00:00Z'"))
        .path(0).path("errorCode").asString()).isEqualTo("INVALID_FIELD");
    assertThat(json(client.query("SELECT Id FROM Nope")).path(0).path("errorCode").asString())
        .isEqualTo("INVALID_TYPE");
  }

  @Test
  void referenceObjectsAreServed() throws Exception {
    JsonNode stages = json(client.query("SELECT MasterLabel, IsWon, IsClosed, DefaultProbability, SortOrder "
        + "FROM OpportunityStage ORDER BY SortOrder"));
    assertThat(stages.path("totalSize").asInt()).isEqualTo(11); // 5 + 4 open stages, Closed Won, Closed Lost
    JsonNode won = stages.path("records").path(9);
    assertThat(won.path("MasterLabel").asString()).isEqualTo("Closed Won");
    assertThat(won.path("DefaultProbability").asDouble()).isEqualTo(100.0);
    assertThat(json(client.query("SELECT Id FROM User")).path("totalSize").asLong())
        .isEqualTo(truth.salesforceLiveCount("User"));
    assertThat(json(client.query("SELECT Id FROM PricebookEntry")).path("totalSize").asLong())
        .isEqualTo(3 * truth.salesforceLiveCount("Product2"));
    assertThat(json(client.query("SELECT Id FROM OpportunityLineItem")).path("totalSize").asLong())
        .isEqualTo(truth.salesforceLiveCount("OpportunityLineItem"));
    assertThat(json(client.query("SELECT Id FROM Case")).path("totalSize").asLong())
        .isEqualTo(truth.salesforceLiveCount("Case"));
    JsonNode rates = json(client.query("SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType ORDER BY IsoCode"));
    assertThat(rates.path("records").path(2).path("IsoCode").asString()).isEqualTo("USD");
    assertThat(rates.path("records").path(2).path("IsCorporate").asBoolean()).isTrue();
    JsonNode calls = json(client.query("SELECT CallDurationInSeconds, CallType FROM Task WHERE TaskSubtype = 'Call' LIMIT 1"));
    assertThat(calls.path("records").path(0).path("CallDurationInSeconds").isInt()).isTrue();
    JsonNode leads = json(client.query("SELECT Id, ConvertedContactId FROM Lead WHERE IsConverted = true LIMIT 3"));
    assertThat(leads.path("records").path(0).path("ConvertedContactId").asString()).startsWith("003");
  }

  // ---- composite ----

  @Test
  void compositeAnswersEachSubrequestInOneCallThatCountsOnce() throws Exception {
    long used = sf.apiUsage();
    HttpResponse<String> r = client.postJson("/services/data/v62.0/composite", """
        {"allOrNone": false, "compositeRequest": [
          {"method": "GET", "url": "/services/data/v62.0/sobjects/Opportunity/describe", "referenceId": "describe"},
          {"method": "GET", "url": "/services/data/v62.0/query?q=SELECT%20COUNT()%20FROM%20Opportunity",
           "referenceId": "count"},
          {"method": "GET", "url": "/services/data/v62.0/query?q=SELECT%20Id%20FROM%20User%20ORDER%20BY%20Id",
           "referenceId": "users", "httpHeaders": {"Sforce-Query-Options": "batchSize=200"}},
          {"method": "GET", "url": "/services/data/v62.0/sobjects/NoSuchThing/describe", "referenceId": "missing"}]}""");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode answers = json(r).path("compositeResponse");
    assertThat(answers).hasSize(4);
    assertThat(answers.path(0).path("referenceId").asString()).isEqualTo("describe");
    assertThat(answers.path(0).path("httpStatusCode").asInt()).isEqualTo(200);
    assertThat(answers.path(0).path("body").path("name").asString()).isEqualTo("Opportunity");
    assertThat(answers.path(1).path("body").path("totalSize").asLong())
        .isEqualTo(json(client.query("SELECT COUNT() FROM Opportunity")).path("totalSize").asLong());
    assertThat(answers.path(2).path("body").path("records").size()).isEqualTo(
        Math.min(200, json(client.query("SELECT COUNT() FROM User")).path("totalSize").asInt()));
    assertThat(answers.path(3).path("httpStatusCode").asInt()).isEqualTo(404);
    assertThat(answers.path(3).path("body").path(0).path("errorCode").asString()).isEqualTo("NOT_FOUND");
    assertThat(sf.apiUsage()).isEqualTo(used + 1 + 2); // the composite once, then the two plain queries above
  }

  @Test
  void compositeRefusesMoreThanTwentyFiveSubrequestsOrFiveQueries() throws Exception {
    StringBuilder describes = new StringBuilder();
    for (int i = 0; i < 26; i++) {
      describes.append(i == 0 ? "" : ",").append("{\"method\":\"GET\",\"url\":\"/services/data/v62.0/sobjects/")
          .append("Account/describe\",\"referenceId\":\"d").append(i).append("\"}");
    }
    HttpResponse<String> tooMany = client.postJson("/services/data/v62.0/composite",
        "{\"compositeRequest\":[" + describes + "]}");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany).path(0).path("errorCode").asString()).isEqualTo("INVALID_BATCH_REQUEST");
    StringBuilder queries = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      queries.append(i == 0 ? "" : ",").append("{\"method\":\"GET\",\"url\":\"/services/data/v62.0/query?q=")
          .append("SELECT%20Id%20FROM%20User\",\"referenceId\":\"q").append(i).append("\"}");
    }
    HttpResponse<String> tooManyQueries = client.postJson("/services/data/v62.0/composite",
        "{\"compositeRequest\":[" + queries + "]}");
    assertThat(tooManyQueries.statusCode()).isEqualTo(400);
    assertThat(json(tooManyQueries).path(0).path("message").asString()).contains("query subrequests");
  }

  // ---- limits and bulk ----

  @Test
  void exhaustedDailyAllocationGives403AndUsageHeader() throws Exception {
    long used = sf.apiUsage();
    sf.dailyLimit((int) used + 2);
    try {
      HttpResponse<String> ok = client.query("SELECT Id FROM User LIMIT 1");
      assertThat(ok.headers().firstValue("Sforce-Limit-Info").orElseThrow())
          .isEqualTo("api-usage=" + (used + 1) + "/" + (used + 2));
      assertThat(client.query("SELECT Id FROM User LIMIT 1").statusCode()).isEqualTo(200);
      HttpResponse<String> denied = client.query("SELECT Id FROM User LIMIT 1");
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.body())
          .isEqualTo("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
    } finally {
      sf.dailyLimit(SalesforceSimulator.DEFAULT_DAILY_LIMIT);
    }
  }

  @Test
  void bulkQueryJobLifecycleAndCsvPaging() throws Exception {
    HttpResponse<String> created = client.postJson("/services/data/v62.0/jobs/query",
        "{\"operation\":\"query\",\"query\":\"SELECT Id, Name, Amount, IsWon, CloseDate, SystemModstamp FROM "
            + "Opportunity ORDER BY Id\",\"contentType\":\"CSV\",\"columnDelimiter\":\"COMMA\",\"lineEnding\":\"LF\"}");
    assertThat(created.statusCode()).isEqualTo(200);
    String id = json(created).path("id").asString();
    assertThat(json(created).path("state").asString()).isEqualTo("UploadComplete");
    assertThat(client.get("/services/data/v62.0/jobs/query/" + id + "/results").statusCode()).isEqualTo(400);
    assertThat(json(client.get("/services/data/v62.0/jobs/query/" + id)).path("state").asString())
        .isEqualTo("InProgress");
    JsonNode done = json(client.get("/services/data/v62.0/jobs/query/" + id));
    assertThat(done.path("state").asString()).isEqualTo("JobComplete");
    long expected = truth.salesforceLiveCount("Opportunity");
    assertThat(done.path("numberRecordsProcessed").asLong()).isEqualTo(expected);

    List<String> rows = new ArrayList<>();
    String locator = null;
    int chunks = 0;
    do {
      HttpResponse<String> r = client.get("/services/data/v62.0/jobs/query/" + id + "/results?maxRecords=25"
          + (locator == null ? "" : "&locator=" + locator));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
      String[] lines = r.body().split("\n");
      assertThat(lines[0]).isEqualTo("\"Id\",\"Name\",\"Amount\",\"IsWon\",\"CloseDate\",\"SystemModstamp\"");
      assertThat(Integer.parseInt(r.headers().firstValue("Sforce-NumberOfRecords").orElseThrow()))
          .isEqualTo(lines.length - 1);
      rows.addAll(List.of(lines).subList(1, lines.length));
      locator = r.headers().firstValue("Sforce-Locator").orElseThrow();
      chunks++;
    } while (!locator.equals("null"));
    assertThat(rows).hasSize((int) expected);
    assertThat(chunks).isEqualTo((int) ((expected + 24) / 25));
    assertThat(rows.get(0)).matches("\"006\\w{15}\",\".*\",(\"\\d+(\\.\\d+)?\")?,\"(true|false)\",(\"\\d{4}-\\d\\d-\\d\\d\")?,"
        + "\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"");
  }
}
