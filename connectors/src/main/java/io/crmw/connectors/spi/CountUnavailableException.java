package io.crmw.connectors.spi;

import java.io.IOException;

/**
 * The vendor's answer to a count request lacked the count (e.g. a search answer without {@code total}). The stream is
 * then marked unverified and nothing is deleted on the strength of a count that was never given.
 */
public final class CountUnavailableException extends IOException {
    public CountUnavailableException(String message) {
        super(message);
    }
}
