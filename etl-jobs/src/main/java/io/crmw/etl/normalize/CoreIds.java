package io.crmw.etl.normalize;

/** Surrogate ids of the core model: {@code '<source_system>:<entity>:<source_id>'}, computable without lookups. */
public final class CoreIds {

    private CoreIds() {}

    /** The core id, or null when the vendor id is null or blank. */
    public static String of(String sourceSystem, String entity, String sourceId) {
        if (sourceId == null || sourceId.isBlank()) {
            return null;
        }
        return sourceSystem + ':' + entity + ':' + sourceId;
    }
}
