package io.crmw.connectors.salesforce;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers {@code POST /composite} the way Salesforce documents it, from the test's own GET stubs: each subrequest is
 * sent as the GET it names (with the caller's Authorization and the subrequest's headers) to the same WireMock server,
 * and the answers come back in one {@code compositeResponse}. So a test stubs describe and query GETs once, whichever
 * way the connector bundles them, and the journal still lists every subrequest's SOQL.
 */
final class CompositeFromGetStubs implements ResponseDefinitionTransformerV2 {

    static final String NAME = "salesforce-composite";
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newHttpClient();
    private final Supplier<String> baseUrl;

    CompositeFromGetStubs(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** The GET's JSON; WireMock's "not matched" text becomes Salesforce's NOT_FOUND error array. */
    private static JsonNode body(HttpResponse<String> response) {
        try {
            return response.body().isBlank() ? null : MAPPER.readTree(response.body());
        } catch (tools.jackson.core.JacksonException notJson) {
            return MAPPER.readTree("[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]");
        }
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        JsonNode request = MAPPER.readTree(event.getRequest().getBodyAsString());
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode answers = out.putArray("compositeResponse");
        for (JsonNode sub : request.path("compositeRequest")) {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(baseUrl.get() + sub.path("url").asString()))
                    .header("Authorization", event.getRequest().getHeader("Authorization"));
            sub.path("httpHeaders").properties().forEach(h -> get.header(h.getKey(), h.getValue().asString()));
            HttpResponse<String> response;
            try {
                response = client.send(get.GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ObjectNode answer = answers.addObject();
            answer.set("body", body(response));
            answer.putObject("httpHeaders");
            answer.put("httpStatusCode", response.statusCode());
            answer.put("referenceId", sub.path("referenceId").asString());
        }
        return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(MAPPER.writeValueAsString(out)).build();
    }
}
