package io.crmw.sandbox.business;

import java.time.Instant;

/** A support ticket about one product ({@code productSku}); {@code closedAt} is null while open. */
public record Ticket(String id, String subject, String pipelineId, String stageId, String priority, String category,
                     String sourceType, String companyId, String contactId, String productSku, String ownerId,
                     Instant createdAt, Instant closedAt, Instant updatedAt) {
}
