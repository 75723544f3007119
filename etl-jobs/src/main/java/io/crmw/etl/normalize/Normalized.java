package io.crmw.etl.normalize;

import java.util.List;

/** What one raw record becomes in the core model: one or more {@link CoreWrite}s, applied together. */
public record Normalized(List<CoreWrite> writes) {

    public Normalized {
        writes = List.copyOf(writes);
    }

    public static Normalized of(CoreWrite... writes) {
        return new Normalized(List.of(writes));
    }
}
