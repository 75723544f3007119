package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One row of {@code core.ticket}. */
public record TicketRow(
        String ticketId, String sourceSystem, String sourceId, String subject, String accountId, String contactId,
        String productId, String ownerId, String pipelineId, String stageId, String type, String priority,
        String status, String channel, String reasonRaw, Boolean isReturnRequest, Instant createdAt,
        Instant solvedAt, boolean isDeleted, Instant syncedAt
) implements CoreRow {

    public static final String TABLE = "ticket";
}
