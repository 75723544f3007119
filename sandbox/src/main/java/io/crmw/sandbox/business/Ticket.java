package io.crmw.sandbox.business;

import java.time.Instant;

/**
 * A support ticket about one product ({@code productSku}); {@code closedAt} is null while open.
 * {@code returnRequested}: the customer asks to return the product (a custom ticket property in the portal).
 */
public record Ticket(String id, String subject, String pipelineId, String stageId, String priority, String category,
                     String sourceType, String companyId, String contactId, String productSku, String ownerId,
                     Instant createdAt, Instant closedAt, Instant updatedAt, boolean returnRequested) {

  public Ticket withReturnRequested(boolean requested) {
    return new Ticket(id, subject, pipelineId, stageId, priority, category, sourceType, companyId, contactId, productSku,
        ownerId, createdAt, closedAt, updatedAt, requested);
  }
}
