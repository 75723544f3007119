package io.crmw.sandbox.business;

import java.time.Instant;

/**
 * A call, e-mail, meeting, task or note. Fields that do not apply to the type are null:
 * calls use direction/outcome/durationMillis/recordingUrl/status; e-mails use direction;
 * meetings use outcome and endsAt; tasks use status and taskType.
 */
public record Activity(String id, ActivityType type, Instant timestamp, String ownerId, String dealId,
                       String contactId, String companyId, String title, String body, String direction,
                       String outcome, Long durationMillis, String recordingUrl, String status, String taskType,
                       Instant endsAt, Instant createdAt, Instant updatedAt) {
}
