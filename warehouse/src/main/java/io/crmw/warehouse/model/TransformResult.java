package io.crmw.warehouse.model;

import java.util.List;

/**
 * A model build: how many models were built and data tests run, the tests that failed (empty on success) and the
 * warnings ({@code -- warn} tests that found rows; they never fail a build).
 */
public record TransformResult(int models, int tests, List<String> failures, List<String> warnings) {

    public TransformResult {
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
    }

    public TransformResult(int models, int tests, List<String> failures) {
        this(models, tests, failures, List.of());
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
