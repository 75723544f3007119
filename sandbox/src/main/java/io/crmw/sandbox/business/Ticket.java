package io.crmw.sandbox.business;

import java.time.Instant;
import java.util.List;

/**
 * A support ticket about one product ({@code productSku}); {@code closedAt} is null while open.
 * {@code returnRequested}: the customer asks to return the product (a custom ticket property in the portal).
 * {@code deletedAt}: when an agent deleted it (null while live; only a help desk's tickets are ever deleted).
 */
public record Ticket(String id, String subject, String pipelineId, String stageId, String priority, String category,
                     String sourceType, String companyId, String contactId, String productSku, String ownerId,
                     Instant createdAt, Instant closedAt, Instant updatedAt, boolean returnRequested,
                     Instant deletedAt) {

  /** The request types a help desk files tickets under (a drop-down on the ticket form). */
  public static final List<String> REQUEST_TYPES = List.of("complaint", "return", "exchange", "question", "billing",
      "feature_request");

  public Ticket withReturnRequested(boolean requested) {
    return new Ticket(id, subject, pipelineId, stageId, priority, category, sourceType, companyId, contactId, productSku,
        ownerId, createdAt, closedAt, updatedAt, requested, deletedAt);
  }

  public boolean deleted() {
    return deletedAt != null;
  }

  /** Solved in {@code closedStageId} at {@code at}. */
  public Ticket solved(String closedStageId, Instant at) {
    return new Ticket(id, subject, pipelineId, closedStageId, priority, category, sourceType, companyId, contactId,
        productSku, ownerId, createdAt, at, at, returnRequested, deletedAt);
  }

  public Ticket delete(Instant at) {
    return new Ticket(id, subject, pipelineId, stageId, priority, category, sourceType, companyId, contactId,
        productSku, ownerId, createdAt, closedAt, updatedAt, returnRequested, at);
  }

  /**
   * The request type, a function of category, return request and id (no random draws): a return request is a
   * return; other product issues an exchange (a third) or a complaint; billing, feature requests and questions.
   */
  public String requestType() {
    return switch (category) {
      case "PRODUCT_ISSUE" -> returnRequested ? "return" : Long.parseLong(id) % 3 == 1 ? "exchange" : "complaint";
      case "BILLING_ISSUE" -> "billing";
      case "FEATURE_REQUEST" -> "feature_request";
      default -> "question";
    };
  }

  /**
   * The customer's satisfaction rating once solved ({@code good}, {@code bad}, or {@code offered}: asked, no answer);
   * null while open. Six in ten good, two bad, two unanswered, by the id.
   */
  public String satisfaction() {
    if (closedAt == null) {
      return null;
    }
    long h = Math.floorMod(Long.parseLong(id) * 0x9E3779B97F4A7C15L >>> 33, 10);
    return h < 6 ? "good" : h < 8 ? "bad" : "offered";
  }
}
