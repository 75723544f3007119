package io.crmw.connectors.kit;

import java.util.Map;
import okhttp3.HttpUrl;
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

    /**
     * Where the next pass of this listing starts, when the vendor hands out a feed position that outlives a pass
     * (Zendesk's export {@code after_cursor}, Sell's Firehose position): read from the last page and kept in the
     * stream's cursor instead of a time filter. Null: the listing has no such position.
     */
    default String resume(JsonNode response) throws MalformedPageException {
        return null;
    }

    /** True when {@link #resume} hands out a position: the listing is incremental without a time filter. */
    default boolean resumes() {
        return false;
    }

    /**
     * True when a page starts at the previous page's latest change time, inclusive (Zendesk's time-based export), so
     * the records of that instant come again: the stream skips the ones it landed already.
     */
    default boolean overlaps() {
        return false;
    }

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

    /**
     * A cursor export (Zendesk's tickets and users): the first call sends {@code startParam=0} (everything), later calls
     * only {@code cursorParam=<cursor>}; read until the end flag, and the last cursor is where the next pass starts.
     */
    static Paginator exportCursor(String startParam, String cursorParam, String cursorPointer, String endPointer) {
        return new Position(startParam, "0", cursorParam, cursorPointer, endPointer, false);
    }

    /**
     * A time-based export (Zendesk's organizations): every call sends {@code startParam=<unix seconds>}, from 0 and
     * then the page's end time, until the end flag; pages overlap on their end time, where the next pass starts.
     */
    static Paginator timeExport(String startParam, String endTimePointer, String endPointer) {
        return new Position(startParam, "0", startParam, endTimePointer, endPointer, true);
    }

    /**
     * An event feed read from a kept position (Sell's Firehose): {@code param=<first>} on a first pass, then the
     * answered position until the top flag says it is drained; the last position is where the next pass starts.
     */
    static Paginator feedPosition(String param, String first, String positionPointer, String topPointer) {
        return new Position(param, first, param, positionPointer, topPointer, false);
    }

    /**
     * Page numbers from 1 while the answer links a next page; the next number is the {@code param} of that link
     * (Sell's {@code meta.links.next_page}).
     */
    static Paginator linkedPages(String param, String nextLinkPointer) {
        return new LinkedPages(param, nextLinkPointer);
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

    /**
     * A position in the body (text, or a number such as an end time), sent back as {@code param} until a flag says the
     * end is reached; the first call sends {@code firstParam=firstValue} instead. The last position is where the next
     * pass starts; with {@code overlaps} a page starts at the previous page's latest change time, inclusive.
     */
    record Position(String firstParam, String firstValue, String param, String positionPointer, String endPointer,
                    boolean overlaps) implements Paginator {
        @Override
        public Map<String, String> params(String token) {
            return token == null ? Map.of(firstParam, firstValue) : Map.of(param, token);
        }

        @Override
        public String next(JsonNode response, int recordsOnPage) throws MalformedPageException {
            return more(response, endPointer, true) ? text(response, positionPointer, true) : null;
        }

        @Override
        public String resume(JsonNode response) throws MalformedPageException {
            return text(response, positionPointer, false);
        }

        @Override
        public boolean resumes() {
            return true;
        }
    }

    record LinkedPages(String param, String nextLinkPointer) implements Paginator {
        @Override
        public Map<String, String> params(String token) {
            return Map.of(param, token == null ? "1" : token);
        }

        @Override
        public String next(JsonNode response, int recordsOnPage) throws MalformedPageException {
            String link = text(response, nextLinkPointer, false);
            if (link == null || recordsOnPage == 0) {
                return null;
            }
            HttpUrl url = HttpUrl.parse(link);
            String page = url == null ? null : url.queryParameter(param);
            if (page == null || !page.matches("\\d{1,9}")) {
                throw new MalformedPageException("the next-page link at " + nextLinkPointer + " names no page number");
            }
            return page;
        }
    }

    /** A flag that ends the listing when {@code endsWhen} (true: an end-of-stream flag; false: a has-more flag). */
    private static boolean more(JsonNode response, String pointer, boolean endsWhen) throws MalformedPageException {
        JsonNode flag = response.at(pointer);
        if (!flag.isBoolean()) {
            throw new MalformedPageException("the " + (endsWhen ? "end" : "has-more") + " flag at " + pointer + " is "
                    + flag.getNodeType());
        }
        return flag.asBoolean() != endsWhen;
    }

    /**
     * A non-blank text or whole number at {@code pointer}; absent or null is null unless {@code required}, another type
     * malformed.
     */
    private static String text(JsonNode response, String pointer, boolean required) throws MalformedPageException {
        JsonNode v = response.at(pointer);
        if ((v.isMissingNode() || v.isNull()) && !required) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return Long.toString(v.asLong());
        }
        if (!v.isString() || v.asString().isBlank()) {
            throw new MalformedPageException("the position at " + pointer + " is " + v.getNodeType());
        }
        return v.asString();
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
