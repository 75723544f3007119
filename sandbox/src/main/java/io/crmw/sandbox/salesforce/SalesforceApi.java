package io.crmw.sandbox.salesforce;

import static io.crmw.sandbox.SimulatedApi.object;

import io.crmw.sandbox.DailyBudget;
import io.crmw.sandbox.salesforce.SfSchema.SfField;
import io.crmw.sandbox.salesforce.SfSchema.SfObject;
import io.crmw.sandbox.salesforce.Soql.Query;
import io.crmw.sandbox.salesforce.Soql.SoqlException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Salesforce's documented REST API over {@link SfData}: versions, describe, query / queryAll with
 * {@code nextRecordsUrl} paging, Bulk API 2.0 query jobs, the daily request allocation and its 403. Transport
 * (WireMock, faults, request log) lives in {@link SalesforceSimulator}.
 */
final class SalesforceApi {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final List<String> VERSIONS = List.of("55.0", "56.0", "57.0", "58.0", "59.0", "60.0", "61.0", "62.0",
      "63.0", "64.0", "65.0", "66.0");
  private static final String[] RELEASES = {"Summer '22", "Winter '23", "Spring '23", "Summer '23", "Winter '24",
      "Spring '24", "Summer '24", "Winter '25", "Spring '25", "Summer '25", "Winter '26", "Spring '26"};
  private static final DateTimeFormatter REST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter BULK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final Pattern DATA_PATH = Pattern.compile("/services/data/v(\\d+\\.\\d)(/.*)?");
  private static final Pattern BATCH_SIZE = Pattern.compile("batchSize\\s*=\\s*(\\d+)");
  private static final int MAX_CURSORS = 1000;

  private final SfData data;
  private final SalesforceAuth auth;
  private final Clock clock;
  private final String integrationUserId;
  private final DailyBudget daily;
  private final AtomicLong locatorSeq = new AtomicLong();
  private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
  private final Map<String, BulkJob> jobs = new ConcurrentHashMap<>();
  private final AtomicLong jobSeq = new AtomicLong();

  private record Cursor(List<SfRow> rows, List<SfField> fields, String object, int batchSize) {
  }

  private static final class BulkJob {
    final String id;
    final String operation;
    final String object;
    final String version;
    final List<SfField> fields;
    final List<SfRow> rows;
    final Instant created;
    final String lineEnding;
    volatile String state = "UploadComplete";
    volatile int polls;

    BulkJob(String id, String operation, String object, String version, List<SfField> fields, List<SfRow> rows,
            Instant created, String lineEnding) {
      this.id = id;
      this.operation = operation;
      this.object = object;
      this.version = version;
      this.fields = fields;
      this.rows = rows;
      this.created = created;
      this.lineEnding = lineEnding;
    }
  }

  SalesforceApi(SfData data, SalesforceAuth auth, Clock clock, int dailyLimit, String integrationUserId) {
    this.data = data;
    this.auth = auth;
    this.clock = clock;
    this.daily = new DailyBudget(dailyLimit);
    this.integrationUserId = integrationUserId;
  }

  void dailyLimit(int limit) {
    daily.limit(limit);
  }

  int dailyLimit() {
    return (int) daily.limit();
  }

  long apiUsage() {
    return daily.used();
  }

  /** A new rolling 24-hour window: usage back to 0. */
  void resetApiUsage() {
    daily.reset();
  }

  SfResponse handle(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
    if (path.equals("/services/data") || path.equals("/services/data/")) {
      return method.equals("GET") ? versions() : error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method
          + "' not allowed. Allowed are GET");
    }
    Matcher m = DATA_PATH.matcher(path);
    if (!m.matches() || !VERSIONS.contains(m.group(1))) {
      return error(404, "NOT_FOUND", "The requested resource does not exist");
    }
    if (!auth.valid(headers.get("authorization"))) {
      return error(401, "INVALID_SESSION_ID", "Session expired or invalid");
    }
    if (daily.spent()) {
      SfResponse r = error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
      r.headers().put("Sforce-Limit-Info", "api-usage=" + daily.used() + "/" + daily.limit());
      return r;
    }
    long n = daily.spend(1);
    SfResponse r;
    try {
      r = route(method, m.group(1), m.group(2) == null ? "/" : m.group(2), query, headers, body);
    } catch (SoqlException e) {
      r = error(e.status, e.errorCode, e.getMessage());
    }
    r.headers().put("Sforce-Limit-Info", "api-usage=" + n + "/" + daily.limit());
    return r;
  }

  private SfResponse route(String method, String version, String rest, Map<String, String> query,
                           Map<String, String> headers, byte[] body) {
    String[] seg = rest.substring(1).split("/");
    String first = seg[0];
    boolean get = method.equals("GET");
    if (rest.equals("/") || rest.isEmpty()) {
      return get ? resources(version) : notAllowed(method);
    }
    switch (first) {
      case "limits":
        return get && seg.length == 1 ? limits() : notFound();
      case "sobjects":
        if (!get) {
          return notAllowed(method);
        }
        if (seg.length == 1) {
          return globalDescribe(version);
        }
        SfObject o = SfSchema.object(seg[1]);
        if (o == null) {
          return notFound();
        }
        if (seg.length == 3 && seg[2].equals("describe")) {
          return describe(o, version);
        }
        if (seg.length == 3) {
          return record(o, seg[2], version);
        }
        return notFound();
      case "query":
      case "queryAll":
        if (!get) {
          return notAllowed(method);
        }
        if (seg.length == 2) {
          return nextPage(version, seg[1]);
        }
        if (seg.length == 1) {
          return query(version, query.get("q"), first.equals("queryAll"), headers.get("sforce-query-options"));
        }
        return notFound();
      case "composite":
        if (seg.length == 1) {
          return method.equals("POST") ? composite(version, headers, body) : notAllowed(method);
        }
        return notFound();
      case "jobs":
        if (seg.length >= 2 && seg[1].equals("query")) {
          return bulk(method, version, seg, query, body);
        }
        return notFound();
      default:
        return notFound();
    }
  }

  // ---- composite ----

  /**
   * {@code POST /composite}: up to 25 subrequests (at most 5 of them query operations) run in order, answered in one
   * body; the whole series counts as one call toward the daily allocation. Supported here: GET of sObject resources,
   * query and queryAll (including their next-records pages). {@code allOrNone} does not matter for reads; references
   * between subrequests ({@code @{ref.field}}) are not simulated.
   */
  private SfResponse composite(String version, Map<String, String> headers, byte[] body) {
    JsonNode request = JSON.readTree(body);
    JsonNode subs = request.path("compositeRequest");
    if (!subs.isArray() || subs.isEmpty()) {
      return error(400, "JSON_PARSER_ERROR", "compositeRequest is required");
    }
    if (subs.size() > 25) {
      return error(400, "INVALID_BATCH_REQUEST", "Limit Exceeded: The number of subrequests in composite "
          + "request can't exceed 25");
    }
    int queries = 0;
    for (JsonNode sub : subs) {
      String url = sub.path("url").asString("");
      if (url.contains("/query")) {
        queries++;
      }
    }
    if (queries > 5) {
      return error(400, "INVALID_BATCH_REQUEST", "Limit Exceeded: The number of query subrequests in composite "
          + "request can't exceed 5");
    }
    List<Map<String, Object>> answers = new ArrayList<>();
    for (JsonNode sub : subs) {
      String ref = sub.path("referenceId").asString("");
      String method = sub.path("method").asString("GET");
      String url = sub.path("url").asString("");
      int q = url.indexOf('?');
      Matcher m = DATA_PATH.matcher(q < 0 ? url : url.substring(0, q));
      Map<String, String> subHeaders = new LinkedHashMap<>(headers);
      sub.path("httpHeaders").properties().forEach(e -> subHeaders.put(e.getKey().toLowerCase(java.util.Locale.ROOT),
          e.getValue().asString()));
      SfResponse r;
      if (!method.equals("GET")) {
        r = error(400, "INVALID_BATCH_REQUEST", "the sandbox's composite runs GET subrequests only");
      } else if (!m.matches() || !m.group(1).equals(version)) {
        r = error(400, "INVALID_BATCH_REQUEST", "the subrequest url must be /services/data/v" + version + "/...");
      } else {
        try {
          r = route(method, version, m.group(2) == null ? "/" : m.group(2),
              q < 0 ? Map.of() : io.crmw.sandbox.SimulatedApi.params(url.substring(q + 1), false), subHeaders, null);
        } catch (SoqlException e) {
          r = error(e.status, e.errorCode, e.getMessage());
        }
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("body", r.body().length == 0 ? null : JSON.readTree(r.body()));
      answer.put("httpHeaders", Map.of());
      answer.put("httpStatusCode", r.status());
      answer.put("referenceId", ref);
      answers.add(answer);
    }
    return SfResponse.json(200, JSON.writeValueAsBytes(Map.of("compositeResponse", answers)));
  }

  // ---- discovery ----

  private SfResponse versions() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < VERSIONS.size(); i++) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("label", RELEASES[i]);
      v.put("url", "/services/data/v" + VERSIONS.get(i));
      v.put("version", VERSIONS.get(i));
      out.add(v);
    }
    return SfResponse.json(200, JSON.writeValueAsBytes(out));
  }

  private SfResponse resources(String version) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String r : List.of("sobjects", "query", "queryAll", "limits", "jobs", "composite")) {
      out.put(r, "/services/data/v" + version + "/" + r);
    }
    return SfResponse.json(200, JSON.writeValueAsBytes(out));
  }

  private SfResponse limits() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("DailyApiRequests", Map.of("Max", dailyLimit(), "Remaining", Math.max(0, daily.limit() - daily.used())));
    out.put("DailyBulkV2QueryJobs", Map.of("Max", 10_000, "Remaining", 10_000 - jobs.size()));
    out.put("DailyBulkV2QueryFileStorageMB", Map.of("Max", 976_562, "Remaining", 976_562));
    return SfResponse.json(200, JSON.writeValueAsBytes(out));
  }

  private SfResponse globalDescribe(String version) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (SfObject o : SfSchema.objects()) {
      Map<String, Object> m = objectHeader(o, version);
      objects.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("encoding", "UTF-8");
    out.put("maxBatchSize", 200);
    out.put("sobjects", objects);
    return SfResponse.json(200, JSON.writeValueAsBytes(out));
  }

  private static Map<String, Object> objectHeader(SfObject o, String version) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", o.name());
    m.put("label", o.name().replaceAll("([a-z])([A-Z])", "$1 $2"));
    m.put("labelPlural", o.name().replaceAll("([a-z])([A-Z])", "$1 $2") + "s");
    m.put("keyPrefix", o.keyPrefix());
    m.put("custom", false);
    m.put("queryable", true);
    m.put("retrieveable", true);
    m.put("replicateable", !o.name().equals("OpportunityStage") && !o.name().equals("CurrencyType")
        && !o.name().equals("DatedConversionRate"));
    m.put("createable", false);
    m.put("updateable", false);
    m.put("deletable", false);
    Map<String, Object> urls = new LinkedHashMap<>();
    urls.put("sobject", "/services/data/v" + version + "/sobjects/" + o.name());
    urls.put("describe", "/services/data/v" + version + "/sobjects/" + o.name() + "/describe");
    urls.put("rowTemplate", "/services/data/v" + version + "/sobjects/" + o.name() + "/{ID}");
    m.put("urls", urls);
    return m;
  }

  private SfResponse describe(SfObject o, String version) {
    Map<String, Object> out = objectHeader(o, version);
    List<Map<String, Object>> fields = new ArrayList<>();
    for (SfField f : o.fields()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("label", f.label());
      m.put("type", f.type());
      m.put("soapType", soapType(f.type()));
      m.put("custom", f.custom());
      m.put("nillable", !f.name().equals("Id") && !f.type().equals("boolean") && !f.name().endsWith("Date")
          || f.name().equals("CloseDate") || f.name().equals("ConvertedDate") || f.name().equals("ClosedDate"));
      m.put("filterable", true);
      m.put("sortable", !f.type().equals("textarea"));
      m.put("calculated", false);
      m.put("length", switch (f.type()) {
        case "id", "reference" -> 18;
        case "string", "picklist", "email", "url", "phone" -> 255;
        case "textarea" -> 32_000;
        default -> 0;
      });
      m.put("precision", f.type().equals("currency") ? 18 : f.type().equals("percent") || f.type().equals("double")
          ? 18 : 0);
      m.put("scale", f.type().equals("currency") || f.type().equals("percent") || f.type().equals("double") ? 2 : 0);
      m.put("referenceTo", f.referenceTo() == null ? List.of() : List.of(f.referenceTo().split(",")));
      m.put("relationshipName", f.type().equals("reference") && f.name().endsWith("Id")
          ? f.name().substring(0, f.name().length() - 2) : null);
      m.put("picklistValues", List.of());
      fields.add(m);
    }
    out.put("fields", fields);
    return SfResponse.json(200, JSON.writeValueAsBytes(out));
  }

  private static String soapType(String type) {
    return switch (type) {
      case "id", "reference" -> "tns:ID";
      case "boolean" -> "xsd:boolean";
      case "datetime" -> "xsd:dateTime";
      case "date" -> "xsd:date";
      case "currency", "double", "percent" -> "xsd:double";
      case "int" -> "xsd:int";
      default -> "xsd:string";
    };
  }

  private SfResponse record(SfObject o, String id, String version) {
    String id18 = SfIds.to18(id);
    for (SfRow r : data.rows(o.name())) {
      if (r.id().equals(id18) && !r.deleted()) {
        return SfResponse.json(200, JSON.writeValueAsBytes(render(o.name(), o.fields(), r, version)));
      }
    }
    return error(404, "NOT_FOUND", "The requested resource does not exist");
  }

  // ---- query ----

  private SfResponse query(String version, String soql, boolean all, String options) {
    Query q = Soql.parse(soql);
    List<SfRow> rows = Soql.run(q, data.rows(q.object().name()), all);
    if (q.count()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("totalSize", rows.size());
      out.put("done", true);
      out.put("records", List.of());
      return SfResponse.json(200, JSON.writeValueAsBytes(out));
    }
    int batch = 2000;
    if (options != null) {
      Matcher m = BATCH_SIZE.matcher(options);
      if (m.find()) {
        batch = Math.max(200, Math.min(2000, Integer.parseInt(m.group(1))));
      }
    }
    Cursor c = new Cursor(List.copyOf(rows), q.fields(), q.object().name(), batch);
    return page(version, c, newLocator(c), 0);
  }

  private String newLocator(Cursor c) {
    if (cursors.size() >= MAX_CURSORS) {
      cursors.clear(); // the oldest cursors would have been reaped by Salesforce long ago
    }
    String locator = SfIds.id("01g", locatorSeq.incrementAndGet()).substring(0, 15);
    cursors.put(locator, c);
    return locator;
  }

  private SfResponse nextPage(String version, String locatorAndOffset) {
    int dash = locatorAndOffset.lastIndexOf('-');
    Cursor c = dash < 0 ? null : cursors.get(locatorAndOffset.substring(0, dash));
    int offset;
    try {
      offset = dash < 0 ? -1 : Integer.parseInt(locatorAndOffset.substring(dash + 1));
    } catch (NumberFormatException e) {
      offset = -1;
    }
    if (c == null || offset < 0 || offset > c.rows().size()) {
      return error(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    return page(version, c, locatorAndOffset.substring(0, dash), offset);
  }

  private SfResponse page(String version, Cursor c, String locator, int offset) {
    int end = Math.min(c.rows().size(), offset + c.batchSize());
    List<Map<String, Object>> records = new ArrayList<>(end - offset);
    for (SfRow r : c.rows().subList(offset, end)) {
      records.add(render(c.object(), c.fields(), r, version));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("totalSize", c.rows().size());
    out.put("done", end >= c.rows().size());
    if (end < c.rows().size()) {
      out.put("nextRecordsUrl", "/services/data/v" + version + "/query/" + locator + "-" + end);
    } else {
      cursors.remove(locator);
    }
    out.put("records", records);
    return SfResponse.json(200, JSON.writeValueAsBytes(out));
  }

  private static Map<String, Object> render(String object, List<SfField> fields, SfRow r, String version) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("type", object);
    attributes.put("url", "/services/data/v" + version + "/sobjects/" + object + "/" + r.id());
    m.put("attributes", attributes);
    for (SfField f : fields) {
      Object v = r.values().get(f.name());
      m.put(f.name(), v instanceof Instant t ? REST_TIME.format(t) : v instanceof LocalDate d ? d.toString() : v);
    }
    return m;
  }

  // ---- Bulk API 2.0 query jobs ----

  private SfResponse bulk(String method, String version, String[] seg, Map<String, String> query, byte[] body) {
    if (seg.length == 2) {
      if (!method.equals("POST")) {
        return notAllowed(method);
      }
      return createJob(version, body);
    }
    BulkJob job = jobs.get(seg[2]);
    if (job == null) {
      return error(404, "NOT_FOUND", "The requested resource does not exist");
    }
    if (seg.length == 3) {
      if (method.equals("DELETE")) {
        jobs.remove(job.id);
        return new SfResponse(204, new LinkedHashMap<>(), new byte[0]);
      }
      if (!method.equals("GET")) {
        return notAllowed(method);
      }
      int polls = ++job.polls; // the job "runs" across polls: InProgress on the first, JobComplete on the second
      if (polls == 1) {
        job.state = "InProgress";
      } else if (polls >= 2) {
        job.state = "JobComplete";
      }
      return SfResponse.json(200, JSON.writeValueAsBytes(jobInfo(job, true)));
    }
    if (seg.length == 4 && seg[3].equals("results") && method.equals("GET")) {
      if (!job.state.equals("JobComplete")) {
        return error(400, "API_ERROR", "Query job " + job.id + " is not complete (state " + job.state + ")");
      }
      if (!job.version.equals(version)) {
        return error(409, "API_ERROR", "Results must be requested with the API version the job was created with, "
            + job.version);
      }
      return results(job, query);
    }
    return notFound();
  }

  private SfResponse createJob(String version, byte[] body) {
    JsonNode req;
    try {
      req = JSON.readTree(body == null ? new byte[0] : body);
    } catch (RuntimeException e) {
      return error(400, "JSON_PARSER_ERROR", "Unexpected character in request body");
    }
    String operation = req.path("operation").asString("");
    if (!operation.equals("query") && !operation.equals("queryAll")) {
      return error(400, "INVALIDJOB", "Invalid operation: '" + operation + "'; expected query or queryAll");
    }
    String contentType = req.path("contentType").asString("CSV");
    String delimiter = req.path("columnDelimiter").asString("COMMA");
    String lineEnding = req.path("lineEnding").asString("LF");
    if (!contentType.equals("CSV") || !delimiter.equals("COMMA")
        || !(lineEnding.equals("LF") || lineEnding.equals("CRLF"))) {
      return error(400, "INVALIDJOB", "The simulator supports contentType CSV, columnDelimiter COMMA, lineEnding LF"
          + " or CRLF");
    }
    Query q = Soql.parse(req.path("query").asString(""));
    if (q.count()) {
      return error(400, "INVALIDJOB", "Aggregate queries are not supported by Bulk API 2.0 query jobs");
    }
    List<SfRow> rows = Soql.run(q, data.rows(q.object().name()), operation.equals("queryAll"));
    String id = SfIds.id("750", jobSeq.incrementAndGet());
    BulkJob job = new BulkJob(id, operation, q.object().name(), version, q.fields(), List.copyOf(rows),
        clock.instant(), lineEnding);
    jobs.put(id, job);
    return SfResponse.json(200, JSON.writeValueAsBytes(jobInfo(job, false)));
  }

  private Map<String, Object> jobInfo(BulkJob job, boolean detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", job.id);
    m.put("operation", job.operation);
    m.put("object", job.object);
    m.put("createdById", integrationUserId);
    m.put("createdDate", REST_TIME.format(job.created));
    m.put("systemModstamp", REST_TIME.format(job.created));
    m.put("state", job.state);
    m.put("concurrencyMode", "Parallel");
    m.put("contentType", "CSV");
    m.put("apiVersion", Double.parseDouble(job.version));
    m.put("lineEnding", job.lineEnding);
    m.put("columnDelimiter", "COMMA");
    if (detail) {
      m.put("jobType", "V2Query");
      m.put("numberRecordsProcessed", job.state.equals("JobComplete") ? job.rows.size() : 0);
      m.put("retries", 0);
      m.put("totalProcessingTime", job.state.equals("JobComplete") ? 250 : 0);
      m.put("isPkChunkingSupported", true);
    }
    return m;
  }

  private SfResponse results(BulkJob job, Map<String, String> query) {
    int offset = 0;
    String locator = query.get("locator");
    if (locator != null && !locator.isEmpty() && !locator.equals("null")) {
      try {
        offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(locator), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        return error(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
      }
      if (offset < 0 || offset > job.rows.size()) {
        return error(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
      }
    }
    int max = job.rows.size();
    if (query.get("maxRecords") != null) {
      try {
        max = Integer.parseInt(query.get("maxRecords"));
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max <= 0) {
        return error(400, "INVALIDMAXRECORDS", "maxRecords must be a positive integer");
      }
    }
    int end = (int) Math.min(job.rows.size(), (long) offset + max);
    String eol = job.lineEnding.equals("CRLF") ? "\r\n" : "\n";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < job.fields.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(quote(job.fields.get(i).name()));
    }
    sb.append(eol);
    for (SfRow r : job.rows.subList(offset, end)) {
      for (int i = 0; i < job.fields.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object v = r.values().get(job.fields.get(i).name());
        if (v != null) {
          sb.append(quote(v instanceof Instant t ? BULK_TIME.format(t) : v instanceof BigDecimal d
              ? d.toPlainString() : v.toString()));
        }
      }
      sb.append(eol);
    }
    SfResponse res = SfResponse.csv(sb.toString());
    res.headers().put("Sforce-Locator", end < job.rows.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8))
        : "null");
    res.headers().put("Sforce-NumberOfRecords", Integer.toString(end - offset));
    return res;
  }

  /** RFC 4180: every non-null value in double quotes, inner quotes doubled; null is an empty, unquoted field. */
  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  // ---- errors ----

  static SfResponse error(int status, String code, String message) {
    return SfResponse.json(status, JSON.writeValueAsBytes(List.of(object("message", message, "errorCode", code))));
  }

  private static SfResponse notFound() {
    return error(404, "NOT_FOUND", "The requested resource does not exist");
  }

  private static SfResponse notAllowed(String method) {
    return error(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method + "' not allowed.");
  }
}
