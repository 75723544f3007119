package io.crmw.connectors.kit;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stream cursors are Java records written as small JSON by Jackson, here and nowhere else, so that a cursor class
 * only declares its fields. Unknown fields are ignored, so a cursor written by an older version still reads.
 */
public final class Cursors {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Cursors() {}

    /** The cursor, or null for a null or blank text (no cursor stored: start from scratch). */
    public static <T> T parse(String json, Class<T> type) {
        return json == null || json.isBlank() ? null : MAPPER.readValue(json, type);
    }

    public static String json(Object cursor) {
        return MAPPER.writeValueAsString(cursor);
    }
}
