package io.crmw.app.web;

import io.crmw.app.reports.ReportCatalog;
import io.crmw.app.reports.ReportQuery;
import io.crmw.app.reports.ReportRequest;
import io.crmw.app.reports.ReportSpec;
import io.crmw.app.reports.ResultTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/reports} (the catalog with each report's roll-up declarations, filters and grains) and
 * {@code GET /api/reports/{id}} (a report filtered, rolled up, sorted and paged, as JSON or CSV), read from the
 * published copy only, through the same {@link ReportQuery} as {@code crmw report}.
 */
@RestController
public class ReportsApi {
    /** Rows a JSON answer carries when the request gives no limit; CSV has none. */
    static final int DEFAULT_JSON_LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublishedCopy published;
    private final io.crmw.app.engine.RunsView warehouse;
    private final String reportingCurrency;

    public ReportsApi(PublishedCopy published, io.crmw.app.engine.RunsView warehouse, io.crmw.app.config.CrmwConfig config) {
        this.published = published;
        this.warehouse = warehouse;
        this.reportingCurrency = config.reportingCurrency();
    }

    @GetMapping(path = "/api/reports", produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode catalog() throws SQLException {
        ReportCatalog catalog = published.catalog();
        ObjectNode out = JSON.createObjectNode();
        out.put("published_at", published.publishedAt().toString());
        out.put("reporting_currency", reportingCurrency);
        out.set("synced", lastSyncs());
        ArrayNode reports = out.putArray("reports");
        for (ReportSpec spec : catalog.all()) {
            if (spec.columns().isEmpty()) {
                continue; // catalogued but not built yet
            }
            ObjectNode r = reports.addObject();
            r.put("id", spec.id());
            r.put("title", spec.title());
            r.put("group", spec.group());
            r.put("description", spec.description());
            r.put("grain", spec.grain());
            strings(r.putArray("dimensions"), spec.dimensions());
            ArrayNode measures = r.putArray("measures");
            spec.measures().forEach(m -> measures.addObject().put("column", m.column()).put("aggregate", m.aggregate()));
            ArrayNode ratios = r.putArray("ratios");
            spec.ratios().forEach(x -> ratios.addObject().put("column", x.column()).put("factor", x.factor())
                    .put("numerator", x.numerator()).put("denominator", x.denominator()));
            strings(r.putArray("details"), spec.details());
            ObjectNode pinned = r.putObject("pinned");
            spec.pinned().forEach(pinned::put);
            r.set("default_view", spec.defaultView());
            strings(r.putArray("filters"), ReportQuery.filters(spec));
            strings(r.putArray("grains"), published.grains(spec));
            strings(r.putArray("columns"), List.copyOf(spec.columns().values()));
        }
        return out;
    }

    @GetMapping(path = "/api/reports/{id}", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    public ResponseEntity<StreamingResponseBody> report(@PathVariable("id") String id, @RequestParam Map<String, String> params,
                                         @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept)
            throws SQLException {
        ReportRequest request = ReportRequest.of(params);
        String format = params.getOrDefault("format", accept != null && accept.contains("text/csv")
                && !accept.contains("application/json") ? "csv" : "json");
        if (!format.equals("csv") && !format.equals("json")) {
            throw new io.crmw.app.reports.BadReportRequest("format", "'" + format + "' is not a format", "json, csv");
        }
        boolean csv = format.equals("csv");
        if (!csv && request.limit() == null) {
            request = request.page(request.sort(), DEFAULT_JSON_LIMIT, request.offset());
        }
        ReportSpec spec = published.catalog().get(id);
        if (csv) {
            ReportQuery.Sql sql;
            try (Connection c = published.connect()) {
                sql = ReportQuery.prepareCsv(c, spec, request); // a bad parameter fails here, before the first byte
            }
            StreamingResponseBody body = out -> {
                try (Connection c = published.connect()) {
                    var writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
                    ReportQuery.writeCsv(c, sql, writer);
                    writer.flush();
                } catch (SQLException e) {
                    throw new java.io.IOException("report " + spec.id() + " failed while streaming: " + e.getMessage(), e);
                }
            };
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + spec.id() + ".csv\"")
                    .body(body);
        }
        try (Connection c = published.connect()) {
            ReportQuery.Answer answer = ReportQuery.run(c, spec, request);
            ObjectNode out = JSON.createObjectNode();
            out.put("report", spec.id());
            out.put("title", spec.title());
            out.put("published_at", published.publishedAt().toString());
            if (answer.grain() != null) {
                out.put("grain", answer.grain());
            }
            ArrayNode columns = out.putArray("columns");
            for (int i = 0; i < answer.table().names().size(); i++) {
                columns.addObject().put("name", answer.table().names().get(i)).put("role", answer.roles().get(i));
            }
            out.set("rows", answer.table().jsonArrays());
            out.put("total_rows", answer.totalRows());
            out.put("offset", request.offset());
            out.put("limit", request.limit());
            if (!"false".equals(params.get("totals")) && spec.declaresRollUp()) {
                ResultTable totals = ReportQuery.run(c, spec, request.withBy(List.of()).page(null, null, 0)).table();
                ArrayNode row = totals.jsonObjects();
                out.set("totals", row.isEmpty() ? JSON.createObjectNode() : row.get(0));
            }
            byte[] json = JSON.writeValueAsBytes(out);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(stream -> stream.write(json));
        }
    }

    /**
     * Per source: its last successful sync. The copy is published before its run is marked finished, so the copy's own
     * meta lags one run behind; the engine's warehouse has the finished run. The later of the two wins (a served copy
     * may come from elsewhere, with runs the engine never saw).
     */
    private ArrayNode lastSyncs() throws SQLException {
        java.util.SortedMap<String, java.util.Optional<java.time.Instant>> last = new java.util.TreeMap<>();
        try (Connection c = published.connect()) {
            lastSuccess(c, last);
        }
        try (Connection c = warehouse.connect()) {
            lastSuccess(c, last);
        }
        ArrayNode out = JSON.createArrayNode();
        last.forEach((source, success) -> {
            ObjectNode s = out.addObject();
            s.put("source", source);
            if (success.isEmpty()) {
                s.putNull("last_success");
            } else {
                s.put("last_success", success.get().toString());
            }
        });
        return out;
    }

    private static void lastSuccess(Connection c, java.util.Map<String, java.util.Optional<java.time.Instant>> last) {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("""
                select source, max(finished_at) filter (where status = 'succeeded') from meta.sync_run group by source""")) {
            while (rs.next()) {
                var success = java.util.Optional.ofNullable(rs.getObject(2, java.time.OffsetDateTime.class))
                        .map(java.time.OffsetDateTime::toInstant);
                last.merge(rs.getString(1), success, (x, y) -> x.isEmpty() ? y
                        : y.isEmpty() ? x : java.util.Optional.of(x.get().isAfter(y.get()) ? x.get() : y.get()));
            }
        } catch (SQLException noMeta) {
            // a copy without meta (published by hand): no sync times from it
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    static Map<String, Object> error(String parameter, String message, String accepts) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        body.put("error", message);
        if (accepts != null && !accepts.isEmpty()) {
            body.put("accepts", accepts);
        }
        return body;
    }
}
