package io.crmw.connectors.spi;

/** Bad configuration; the message names the key and what to do, and never contains a secret. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
