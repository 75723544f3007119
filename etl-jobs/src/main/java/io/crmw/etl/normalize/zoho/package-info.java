/**
 * Zoho CRM → core mapping: the only code outside the Zoho connector that knows Zoho field names. Raw payloads are
 * the streams of docs/zoho.md: API v8 module records (ISO-8601 times with the org's offset, stored as UTC instants;
 * lookups as {@code {name, id}}), the settings streams (pipelines, deal_stages, roles, org, currencies) and the
 * connector's per-deal stage history records. Written from that page and Zoho's API documentation, not from the
 * connector's classes.
 *
 * <p>Id conventions (source {@code zoho-main} as example), all {@code <source>:<entity>:<Zoho id>}:
 * <ul>
 *   <li>{@code :deal:<id>}, {@code :account:}, {@code :contact:}, {@code :lead:}, {@code :owner:<user id>},
 *       {@code :team:<role id>}, {@code :campaign:}, {@code :product:}, {@code :pipeline:<pipeline id>},
 *       {@code :line_item:<sales order line id>}, {@code :activity:<call, task or event id>} (Zoho ids are unique
 *       across modules);</li>
 *   <li>{@code :stage:<pipeline id>:<stage display value>}: what a deal's {@code Pipeline{id}} and {@code Stage}
 *       name, so deals resolve their stage without a lookup.</li>
 * </ul>
 */
package io.crmw.etl.normalize.zoho;
