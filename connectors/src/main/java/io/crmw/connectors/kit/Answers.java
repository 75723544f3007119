package io.crmw.connectors.kit;

import io.crmw.connectors.spi.SourceException;
import java.io.IOException;
import tools.jackson.databind.JsonNode;

/**
 * The one place where a vendor's 200 answer is checked before anything is landed or deleted because of it: an answer
 * that is not what the endpoint documents (a {@code {}}, a records field of the wrong type) is asked for again a few
 * times, then the stream stops resumably at its last committed cursor. It is never read as an empty or last page.
 */
public final class Answers {

    /** An answer that is not a page is asked for again this many times in all. */
    public static final int ATTEMPTS = 3;

    private Answers() {}

    @FunctionalInterface
    public interface Fetch {
        JsonNode get() throws IOException;
    }

    @FunctionalInterface
    public interface Check<T> {
        T check(JsonNode answer) throws MalformedPageException;
    }

    /**
     * Fetches and checks; {@code what} names the stream and request for the message, e.g.
     * {@code stream 'deals': POST /crm/v3/objects/deals/search}.
     */
    public static <T> T validated(String what, Fetch fetch, Check<T> check) throws IOException {
        MalformedPageException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return check.check(fetch.get());
            } catch (MalformedPageException e) {
                last = e;
            }
        }
        throw new SourceException(what + ": the answer is not a page (" + last.getMessage() + ") " + ATTEMPTS
                + " times in a row; nothing was changed, the next run resumes at the last committed page", true);
    }
}
