/**
 * Pipedrive → core mapping: the only code outside the Pipedrive connector that knows Pipedrive field names. Raw
 * payloads are the streams of docs/pipedrive.md: API v2 objects (RFC 3339 times, plain ids) where v2 has the
 * resource, v1 objects ({@code YYYY-MM-DD HH:MM:SS} UTC times, embedded references) for users, leads and notes,
 * and the connector's per-deal records for deal products and the deal changelog. Written from that page and
 * Pipedrive's API documentation, not from the connector's classes.
 *
 * <p>Id conventions (source {@code pipedrive-main} as example), all {@code <source>:<entity>:<Pipedrive id>}:
 * <ul>
 *   <li>{@code :deal:812}, {@code :account:<organization id>}, {@code :contact:<person id>}, {@code :owner:<user id>},
 *       {@code :pipeline:<id>}, {@code :stage:<id>} (stage ids are unique in a company), {@code :product:<id>},
 *       {@code :line_item:<deal product id>}, {@code :lead:<uuid>};</li>
 *   <li>{@code :activity:<id>} for activities and {@code :activity:note-<id>} for notes, numbered separately.</li>
 * </ul>
 */
package io.crmw.etl.normalize.pipedrive;
