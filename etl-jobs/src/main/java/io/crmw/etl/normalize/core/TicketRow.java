package io.crmw.etl.normalize.core;

import io.crmw.etl.normalize.CoreRow;
import java.time.Instant;

/**
 * One row of {@code core.ticket}. A ticket that names its product by code carries the code in {@code productSku} and
 * no {@code productId}: {@link io.crmw.etl.normalize.Derivations#TICKET_PRODUCT_BY_SKU} resolves it on every run.
 */
public record TicketRow(
        String ticketId, String sourceSystem, String sourceId, String subject, String accountId, String contactId,
        String productId, String ownerId, String pipelineId, String stageId, String type, String priority,
        String status, String channel, String reasonRaw, Boolean isReturnRequest, Instant createdAt,
        Instant solvedAt, boolean isDeleted, Instant syncedAt, String satisfactionScore, String productSku
) implements CoreRow {

    public static final String TABLE = "ticket";

    /** Without a satisfaction rating (CRMs whose tickets have none). */
    public TicketRow(String ticketId, String sourceSystem, String sourceId, String subject, String accountId,
                     String contactId, String productId, String ownerId, String pipelineId, String stageId, String type,
                     String priority, String status, String channel, String reasonRaw, Boolean isReturnRequest,
                     Instant createdAt, Instant solvedAt, boolean isDeleted, Instant syncedAt) {
        this(ticketId, sourceSystem, sourceId, subject, accountId, contactId, productId, ownerId, pipelineId, stageId,
                type, priority, status, channel, reasonRaw, isReturnRequest, createdAt, solvedAt, isDeleted, syncedAt,
                null, null);
    }

    /** The same row naming its product by {@code sku} (null: by no code), to be resolved by finishing SQL. */
    public TicketRow withProductSku(String sku) {
        return new TicketRow(ticketId, sourceSystem, sourceId, subject, accountId, contactId, productId, ownerId,
                pipelineId, stageId, type, priority, status, channel, reasonRaw, isReturnRequest, createdAt, solvedAt,
                isDeleted, syncedAt, satisfactionScore, sku);
    }
}
