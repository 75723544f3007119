package io.crmw.connectors.kit;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * How a vendor list hands out the next page. One instance per stream declaration; stateless: the page token travels
 * in the stream's cursor, so a crash resumes at the page after the last committed one.
 */
public sealed interface Paginator {

    /** Query parameters asking for the page after {@code token} (null: the first page). */
    Map<String, String> params(String token);

    /**
     * The token of the page after {@code response}, or null when it was the last. A token field present but of the
     * wrong type makes the page malformed (never read as "last page", which would end a pass early).
     */
    String next(JsonNode response, int recordsOnPage) throws MalformedPageException;

    /** A token in the body, sent back as a query parameter: Pipedrive v2 {@code cursor}, HubSpot {@code after}. */
    static Paginator token(String param, String pointer) {
        return new Token(param, pointer);
    }

    /** An offset list that says whether more items follow: Pipedrive v1 {@code start}/{@code more_items_in_collection}. */
    static Paginator offset(String startParam, String hasMorePointer, String nextStartPointer) {
        return new Offset(startParam, hasMorePointer, nextStartPointer);
    }

    /** One page is all there is. */
    static Paginator single() {
        return new Single();
    }

    record Token(String param, String pointer) implements Paginator {
        @Override
        public Map<String, String> params(String token) {
            return token == null ? Map.of() : Map.of(param, token);
        }

        @Override
        public String next(JsonNode response, int recordsOnPage) throws MalformedPageException {
            JsonNode next = response.at(pointer);
            if (next.isMissingNode() || next.isNull()) {
                return null;
            }
            if (!next.isString() && !next.isNumber()) {
                throw new MalformedPageException("the next-page token at " + pointer + " is " + next.getNodeType());
            }
            String value = next.asString();
            return value.isBlank() || recordsOnPage == 0 ? null : value;
        }
    }

    record Offset(String startParam, String hasMorePointer, String nextStartPointer) implements Paginator {
        @Override
        public Map<String, String> params(String token) {
            return Map.of(startParam, token == null ? "0" : token);
        }

        @Override
        public String next(JsonNode response, int recordsOnPage) throws MalformedPageException {
            JsonNode more = response.at(hasMorePointer);
            if (more.isMissingNode() || more.isNull()) {
                return null;
            }
            if (!more.isBoolean()) {
                throw new MalformedPageException("the has-more flag at " + hasMorePointer + " is " + more.getNodeType());
            }
            if (!more.asBoolean() || recordsOnPage == 0) {
                return null;
            }
            JsonNode start = response.at(nextStartPointer);
            if (!start.isIntegralNumber()) {
                throw new MalformedPageException("more items follow but the next start at " + nextStartPointer
                        + " is " + start.getNodeType());
            }
            return Long.toString(start.asLong());
        }
    }

    record Single() implements Paginator {
        @Override
        public Map<String, String> params(String token) {
            return Map.of();
        }

        @Override
        public String next(JsonNode response, int recordsOnPage) {
            return null;
        }
    }
}
