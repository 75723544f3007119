package io.crmw.connectors.extract;

import java.util.List;

/**
 * How a source's extraction ended.
 *
 * @param error set when the source could not be opened at all (bad credentials, unknown stream)
 */
public record SourceOutcome(String source, List<StreamOutcome> streams, String error) {

    public boolean succeeded() {
        return error == null && streams.stream().allMatch(StreamOutcome::succeeded);
    }

    public long records() {
        return streams.stream().mapToLong(StreamOutcome::records).sum();
    }

    /** One line per problem, for the run's error column and the CLI. */
    public String problems() {
        if (error != null) {
            return error;
        }
        return String.join("\n", streams.stream().filter(s -> !s.succeeded()).map(StreamOutcome::error).toList());
    }
}
