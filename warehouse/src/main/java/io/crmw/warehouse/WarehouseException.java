package io.crmw.warehouse;

/** A warehouse operation failed; the message says what and, where possible, what to do. */
public class WarehouseException extends RuntimeException {

    public WarehouseException(String message) {
        super(message);
    }

    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
