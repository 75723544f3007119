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

    /**
     * A token in the body sent back as a query parameter while a flag says more follow: Zoho {@code page_token} from
     * {@code info.next_page_token} while {@code info.more_records}.
     */
    static Paginator token(String param, String pointer, String hasMorePointer) {
        return new FlaggedToken(param, pointer, hasMorePointer);
    }

    /** Page numbers from 1 while a flag says more follow: Zoho {@code page} with {@code info.page}, {@code info.more_records}. */
    static Paginator pages(String pageParam, String hasMorePointer, String pagePointer) {
        return new Pages(pageParam, hasMorePointer, pagePointer);
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

    record FlaggedToken(String param, String pointer, String hasMorePointer) implements Paginator {
        @Override
        public Map<String, String> params(String token) {
            return token == null ? Map.of() : Map.of(param, token);
        }

        @Override
        public String next(JsonNode response, int recordsOnPage) throws MalformedPageException {
            if (!more(response, hasMorePointer) || recordsOnPage == 0) {
                return null;
            }
            JsonNode next = response.at(pointer);
            if (!next.isString() || next.asString().isBlank()) {
                throw new MalformedPageException("more records follow but the next-page token at " + pointer + " is "
                        + next.getNodeType());
            }
            return next.asString();
        }
    }

    record Pages(String pageParam, String hasMorePointer, String pagePointer) implements Paginator {
        @Override
        public Map<String, String> params(String token) {
            return Map.of(pageParam, token == null ? "1" : token);
        }

        @Override
        public String next(JsonNode response, int recordsOnPage) throws MalformedPageException {
            if (!more(response, hasMorePointer) || recordsOnPage == 0) {
                return null;
            }
            JsonNode page = response.at(pagePointer);
            if (!page.isIntegralNumber()) {
                throw new MalformedPageException("more records follow but the page number at " + pagePointer + " is "
                        + page.getNodeType());
            }
            return Long.toString(page.asLong() + 1);
        }
    }

    /** The has-more flag; an answer without content (204, 304) has nothing more, a page without the flag is malformed. */
    private static boolean more(JsonNode response, String pointer) throws MalformedPageException {
        if (response.isMissingNode()) {
            return false;
        }
        JsonNode more = response.at(pointer);
        if (!more.isBoolean()) {
            throw new MalformedPageException("the has-more flag at " + pointer + " is " + more.getNodeType());
        }
        return more.asBoolean();
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
