package io.crmw.connectors.spi;

/**
 * A credential. {@link #toString()} never shows the value; only {@link #reveal()} does, at the point of use.
 *
 * @param origin where it came from, for messages (e.g. {@code ${HUBSPOT_TOKEN}}); never the value
 */
public record Secret(String origin, String value) {

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[" + origin + "]";
    }
}
