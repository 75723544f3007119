package io.crmw.connectors.salesforce;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bulk API 2.0 CSV results (RFC 4180: header row of field names, comma, LF, double-quoted values with {@code ""}
 * escapes and embedded line breaks) turned into the REST query's JSON record shape, so a record's payload is the same
 * whichever API read it: {@code attributes{type,url}}, then every field with describe-typed values ({@code boolean}
 * → true/false, {@code int} → integer, {@code double}/{@code currency}/{@code percent} → number, empty → null,
 * {@code datetime} in REST's {@code …000+0000} form, anything else as text).
 */
final class BulkCsv {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private BulkCsv() {}

    static List<ObjectNode> records(String csv, String sobject, String apiVersion, Map<String, String> types) {
        List<List<String>> rows = parse(csv);
        List<ObjectNode> records = new ArrayList<>();
        if (rows.isEmpty()) {
            return records;
        }
        List<String> header = rows.get(0);
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // blank line
            }
            ObjectNode r = MAPPER.createObjectNode();
            ObjectNode attributes = r.putObject("attributes");
            attributes.put("type", sobject);
            for (int i = 0; i < header.size(); i++) {
                String field = header.get(i);
                String value = i < row.size() ? row.get(i) : "";
                put(r, field, types.getOrDefault(field, "string"), value);
            }
            attributes.put("url", "/services/data/" + apiVersion + "/sobjects/" + sobject + "/" + r.path("Id").asString(""));
            records.add(r);
        }
        return records;
    }

    private static void put(ObjectNode r, String field, String type, String value) {
        if (value.isEmpty()) {
            r.putNull(field);
            return;
        }
        try {
            switch (type) {
                case "boolean" -> r.put(field, Boolean.parseBoolean(value));
                case "int" -> r.put(field, Long.parseLong(value));
                case "double", "currency", "percent" -> r.put(field, Double.parseDouble(value));
                case "datetime" -> r.put(field, SalesforceTime.restForm(value));
                default -> r.put(field, value);
            }
        } catch (NumberFormatException e) {
            r.put(field, value); // keep what Salesforce sent rather than lose it
        }
    }

    /** RFC 4180 rows. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int n = csv.length();
        for (int i = 0; i < n; i++) {
            char c = csv.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && csv.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else {
                cell.append(c);
            }
        }
        if (any) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
