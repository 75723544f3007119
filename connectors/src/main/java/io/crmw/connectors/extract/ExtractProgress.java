package io.crmw.connectors.extract;

/** Observes extraction as it goes (progress lines on stderr, metrics). Called from stream threads. */
public interface ExtractProgress {

    /** After a page and its cursor are committed. */
    void pageLanded(String source, String stream, long page, long recordsInStream, double recordsPerSecond);

    /** After a stream finished, successfully or not. */
    default void streamFinished(StreamOutcome outcome) {}

    ExtractProgress NONE = (source, stream, page, records, rate) -> {};
}
