package io.crmw.connectors.kit;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a page's records are. A page whose records array is missing or not an array is malformed, never empty; an
 * answer without content (the HTTP layer's {@code MissingNode} for 204 and 304) is an empty page. The pointer
 * {@code ""} names an answer that is itself the one record (HubSpot's company currency).
 */
public final class RecordSelector {

    private RecordSelector() {}

    /**
     * The objects of the array at {@code pointer}. An explicit JSON {@code null} there counts as an empty page (some
     * vendors send {@code "data": null} for an empty list); a missing field or another type does not.
     */
    public static List<ObjectNode> select(JsonNode response, String pointer) throws MalformedPageException {
        return select(response, pointer, null);
    }

    /**
     * The objects of the array at {@code pointer}, each taken from its envelope at {@code itemPointer} when not null
     * (Sell's {@code items[].data}); an envelope without that object is malformed.
     */
    public static List<ObjectNode> select(JsonNode response, String pointer, String itemPointer)
            throws MalformedPageException {
        if (response != null && response.isMissingNode()) {
            return List.of(); // 204 No Content, 304 Not Modified: the HTTP layer's answer without a body
        }
        if (response == null || !response.isObject()) {
            throw new MalformedPageException("the answer is not a JSON object");
        }
        if (pointer.isEmpty()) {
            return List.of((ObjectNode) response);
        }
        JsonNode array = response.at(pointer);
        if (array.isNull()) {
            return List.of();
        }
        if (array.isMissingNode()) {
            throw new MalformedPageException("no records array at " + pointer);
        }
        if (!array.isArray()) {
            throw new MalformedPageException("the records at " + pointer + " are " + array.getNodeType() + ", not an array");
        }
        List<ObjectNode> records = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            JsonNode n = itemPointer == null ? item : item.at(itemPointer);
            if (!(n instanceof ObjectNode o)) {
                throw new MalformedPageException("a record at " + pointer + (itemPointer == null ? "" : itemPointer)
                        + " is " + n.getNodeType() + ", not an object");
            }
            records.add(o);
        }
        return records;
    }
}
