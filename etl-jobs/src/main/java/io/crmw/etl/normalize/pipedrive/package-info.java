/**
 * Pipedrive → core: the raw streams of docs/pipedrive.md (API v2 objects, v1 where v2 has none) mapped by pure
 * per-record mappers, finished set-based by {@link io.crmw.etl.normalize.pipedrive.PipedriveNormalizer}. Written
 * from that page and Pipedrive's API documentation, not from the connector's classes.
 */
package io.crmw.etl.normalize.pipedrive;
