package io.crmw.warehouse;

/**
 * The warehouse file cannot be used: it is damaged ({@link #corrupt()}), held by another process, or written by a
 * newer crmw. The message is one line saying what to do; DuckDB's own error, if any, is attached as suppressed.
 */
public final class WarehouseUnusableException extends WarehouseException {
    private final boolean corrupt;

    WarehouseUnusableException(String message, boolean corrupt, Throwable detail) {
        super(message);
        this.corrupt = corrupt;
        if (detail != null) {
            addSuppressed(detail);
        }
    }

    /** True when the file is damaged (not a DuckDB database, truncated). */
    public boolean corrupt() {
        return corrupt;
    }
}
