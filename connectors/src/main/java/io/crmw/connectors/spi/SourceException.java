package io.crmw.connectors.spi;

/**
 * A source could not be read (auth rejected, limits exhausted, malformed response after retries...).
 * The message names the source and stream, says what happened and what to do; it never contains a secret.
 */
public class SourceException extends RuntimeException {
    private final boolean resumable;

    public SourceException(String message, boolean resumable, Throwable cause) {
        super(message, cause);
        this.resumable = resumable;
    }

    public SourceException(String message, boolean resumable) {
        this(message, resumable, null);
    }

    /** True when the next run can simply go on from the stored cursor (rate budget exhausted, vendor down). */
    public boolean resumable() {
        return resumable;
    }
}
