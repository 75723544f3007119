package io.crmw.warehouse.model;

import java.util.List;

/** A model build: how many models were built and data tests run, and the tests that failed (empty on success). */
public record TransformResult(int models, int tests, List<String> failures) {

    public TransformResult {
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
