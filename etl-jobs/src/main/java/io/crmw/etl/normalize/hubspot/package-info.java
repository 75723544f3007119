/**
 * HubSpot → core mapping: the only code outside the HubSpot connector that knows HubSpot field names.
 *
 * <p>Id conventions (source {@code hubspot-main} as example):
 * <ul>
 *   <li>{@code hubspot-main:deal:18231}, {@code :account:<companyId>}, {@code :contact:<id>},
 *       {@code :owner:<ownerId>} (the owner id of {@code hubspot_owner_id}, not the user id),
 *       {@code :team:<teamId>}, {@code :product:<id>}, {@code :line_item:<id>}, {@code :ticket:<id>},
 *       {@code :goal:<id>}, {@code :email_campaign:<id>};</li>
 *   <li>{@code :pipeline:<pipelineId>} and {@code :stage:<stageId>} without the pipeline: HubSpot stage ids are
 *       unique in a portal (its {@code hs_date_entered_<stageId>} properties rely on it);</li>
 *   <li>{@code :lead:<contactId>}: a HubSpot lead is a contact at lifecycle stage lead or beyond;</li>
 *   <li>{@code :activity:<type>-<id>} ({@code call-4001}, {@code email-…}, {@code meeting-…}, {@code task-…},
 *       {@code note-…}); source_id is {@code <type>-<id>} too, since HubSpot numbers each engagement type
 *       separately.</li>
 * </ul>
 */
package io.crmw.etl.normalize.hubspot;
