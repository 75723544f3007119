package io.crmw.connectors.kit;

/**
 * A 200 answer that is not a page: the records array or a paging field is missing or of the wrong type. Such an answer
 * must never be read as an empty or last page (that would tombstone every unseen id); it is retried, then the stream
 * stops resumably at its last committed cursor.
 */
public final class MalformedPageException extends Exception {
    public MalformedPageException(String message) {
        super(message);
    }
}
