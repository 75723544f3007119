package io.crmw.warehouse.model;

import io.crmw.warehouse.WarehouseException;

/**
 * A model build failed and was rolled back, so the previous report tables are unchanged. The message names
 * the model (and the test with up to 5 offending rows); {@link #result()} holds the counts and failures.
 */
public class ModelBuildException extends WarehouseException {

    private final transient TransformResult result;

    public ModelBuildException(String message, TransformResult result, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    public TransformResult result() {
        return result;
    }
}
