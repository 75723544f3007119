package io.crmw.sandbox.business;

import java.time.Instant;

/**
 * A marketing e-mail with its send counters (sent ≥ delivered ≥ opened ≥ clicked) and the campaign it belongs to
 * ({@code campaignId}, a guid, and {@code campaignName}; both null when it belongs to none).
 */
public record MarketingEmail(String id, String name, String subject, String state, Instant publishedAt,
                             long sent, long delivered, long opened, long clicked, long bounced, long unsubscribed,
                             long spamReports, Instant createdAt, Instant updatedAt, String campaignId,
                             String campaignName) {
}
