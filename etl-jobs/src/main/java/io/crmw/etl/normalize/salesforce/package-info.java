/**
 * Salesforce → core mapping: the only code outside the Salesforce connector that knows Salesforce field names.
 * Raw payloads are SOQL REST records ({@code attributes}, {@code Id}, typed values, {@code …+0000} datetimes) or
 * the same fields as strings (Bulk API 2.0 CSV); tombstones are {@code _deleted} rows or {@code IsDeleted = true}.
 *
 * <p>Id conventions (source {@code salesforce-main} as example), all {@code <source>:<entity>:<Salesforce id>}
 * with the 18-character id as the connector lands it:
 * <ul>
 *   <li>{@code :deal:006…}, {@code :account:001…}, {@code :contact:003…}, {@code :lead:00Q…},
 *       {@code :owner:005…} (User), {@code :team:00E…} (UserRole), {@code :product:01t…},
 *       {@code :line_item:00k…}, {@code :campaign:701…}, {@code :ticket:500…} (Case),
 *       {@code :activity:00T…} (Task) / {@code :activity:00U…} (Event); campaign members keep their
 *       {@code 00v…} id as source_id;</li>
 *   <li>{@code :pipeline:default}: Salesforce has no pipelines, one pseudo pipeline per source;</li>
 *   <li>{@code :stage:<ApiName>} (e.g. {@code salesforce-main:stage:Closed Won}), keyed by the stage's API name,
 *       which is what {@code Opportunity.StageName} and {@code OpportunityHistory.StageName} hold;</li>
 *   <li>owners are users only: a record owned by a queue ({@code 00G…}) has no owner.</li>
 * </ul>
 */
package io.crmw.etl.normalize.salesforce;
