package io.crmw.connectors.zendesk;

import io.crmw.connectors.http.StreamHttp;
import io.crmw.connectors.kit.Listings;
import io.crmw.connectors.kit.Paginator;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds the configured drop-downs to each ticket: {@code product} and {@code request_type}, each
 * {@code {"field": <title>, "id": <field id>, "value": <option value>, "name": <option label>}} (null when the
 * ticket has no value), from its {@code custom_fields} and the ticket fields' options (read once per run).
 */
final class TicketFields {

    private final Map<String, String> titles; // payload key → ticket field title
    private final Paginator paginator;
    private Map<String, ObjectNode> byTitle; // title → field, once per run

    TicketFields(String productTitle, String requestTypeTitle, Paginator paginator) {
        this.titles = Map.of("product", productTitle, "request_type", requestTypeTitle);
        this.paginator = paginator;
    }

    List<ObjectNode> name(List<ObjectNode> tickets, StreamHttp http) throws IOException {
        if (tickets.isEmpty()) {
            return tickets;
        }
        if (byTitle == null) {
            Map<String, ObjectNode> fields = new HashMap<>();
            for (ObjectNode f : Listings.all("ticket fields", http, "/api/v2/ticket_fields?page[size]=100",
                    "/ticket_fields", paginator)) {
                fields.putIfAbsent(f.path("title").asString(""), f);
            }
            byTitle = fields;
        }
        for (ObjectNode ticket : tickets) {
            titles.forEach((key, title) -> ticket.set(key, chosen(ticket, byTitle.get(title))));
        }
        return tickets;
    }

    private static JsonNode chosen(ObjectNode ticket, ObjectNode field) {
        if (field == null) {
            return ticket.nullNode();
        }
        String id = field.path("id").asString();
        for (JsonNode custom : ticket.path("custom_fields")) {
            JsonNode value = custom.path("value");
            if (id.equals(custom.path("id").asString()) && value.isValueNode() && !value.isNull()) {
                ObjectNode out = ticket.objectNode().put("field", field.path("title").asString()).put("id", id)
                        .put("value", value.asString());
                for (JsonNode option : field.path("custom_field_options")) {
                    if (value.asString().equals(option.path("value").asString())) {
                        out.put("name", option.path("name").asString());
                    }
                }
                return out;
            }
        }
        return ticket.nullNode();
    }
}
