package io.crmw.connectors.hubspot;

import java.util.List;

/**
 * One HubSpot CRM object type behind an incremental stream.
 *
 * @param stream       stream name (contract with the normalizer)
 * @param objectType   HubSpot object type in URLs ({@code deals}, {@code goal_targets}, ...)
 * @param lastModified last-modified property ({@code lastmodifieddate} on contacts, else {@code hs_lastmodifieddate})
 * @param associations object types whose associated ids are added to each record's payload
 */
record CrmObject(String stream, String objectType, String lastModified, List<String> associations) {

    static CrmObject of(String stream, String objectType, String... associations) {
        String lastModified = "contacts".equals(objectType) ? "lastmodifieddate" : "hs_lastmodifieddate";
        return new CrmObject(stream, objectType, lastModified, List.of(associations));
    }
}
