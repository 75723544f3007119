package io.crmw.connectors.salesforce;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Answers;
import io.crmw.connectors.kit.MalformedPageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Salesforce's Composite resource ({@code POST /services/data/vXX.X/composite}): up to 25 GET subrequests (sObject
 * resources such as describe, query, queryAll; at most 5 of them query operations) answered in one response, and the
 * whole series counts as one call toward the org's API allocation (Composite Batch, by contrast, counts each
 * subrequest). {@code allOrNone=false}: a failed subrequest leaves the others answered.
 */
final class Composite {

    static final int MAX_SUBREQUESTS = 25;
    static final int MAX_QUERIES = 5;
    /** Query pages of 2,000 records, Salesforce's largest REST batch (it may still answer fewer). */
    static final Map<String, String> QUERY_OPTIONS = Map.of("Sforce-Query-Options", "batchSize=2000");

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** One subrequest's answer: its HTTP status and body (a Salesforce error array when it failed). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** {@code ERROR_CODE: message} of a failed subrequest. */
        String error() {
            JsonNode first = body.path(0);
            return first.path("errorCode").asString("HTTP " + status) + ": " + first.path("message").asString("");
        }
    }

    private Composite() {}

    /**
     * GETs {@code urls} (reference id → path and query under {@code /services/data/vXX.X}) in one call; answers by
     * reference id, in order.
     */
    static Map<String, Answer> get(StreamHttp http, String apiVersion, Map<String, String> urls, String what)
            throws IOException {
        if (urls.size() > MAX_SUBREQUESTS) {
            throw new IllegalArgumentException("a composite request holds at most " + MAX_SUBREQUESTS + " subrequests");
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("allOrNone", false);
        ArrayNode requests = body.putArray("compositeRequest");
        urls.forEach((ref, url) -> {
            ObjectNode sub = requests.addObject().put("method", "GET").put("url", url).put("referenceId", ref);
            if (url.contains("/query")) {
                ObjectNode headers = sub.putObject("httpHeaders");
                QUERY_OPTIONS.forEach(headers::put);
            }
        });
        String path = "/services/data/" + apiVersion + "/composite";
        return Answers.validated(what + ": POST " + path, () -> http.post(path, body), answer -> {
            JsonNode list = answer.path("compositeResponse");
            if (!list.isArray()) {
                throw new MalformedPageException("no 'compositeResponse' array");
            }
            Map<String, Answer> byRef = new LinkedHashMap<>();
            for (JsonNode sub : list) {
                if (!sub.path("referenceId").isString() || !sub.path("httpStatusCode").isIntegralNumber()) {
                    throw new MalformedPageException("a subrequest answer without referenceId or httpStatusCode");
                }
                byRef.put(sub.path("referenceId").asString(),
                        new Answer(sub.path("httpStatusCode").asInt(), sub.path("body")));
            }
            List<String> missing = new ArrayList<>(urls.keySet());
            missing.removeAll(byRef.keySet());
            if (!missing.isEmpty()) {
                throw new MalformedPageException("no answer for subrequest(s) " + missing);
            }
            return byRef;
        });
    }
}
