package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.activity}. */
public record ActivityRow(
        String activityId, String sourceSystem, String sourceId, String type, String subtype, String direction,
        String subject, String ownerId, String dealId, String contactId, String accountId, Instant createdAt,
        Instant occurredAt, Instant dueAt, Instant completedAt, Boolean isDone, String outcomeRaw,
        Integer durationS, String recordingUrl, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "activity";
}
