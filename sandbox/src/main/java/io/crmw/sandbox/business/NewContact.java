package io.crmw.sandbox.business;

/** What a test supplies to create a contact; the business assigns id and timestamps. */
public record NewContact(String email, String firstName, String lastName, String lifecycleStage, String companyId,
                         String ownerId, String leadSource) {
}
