package io.crmw.connectors.salesforce;

/**
 * One synced sObject.
 *
 * @param stream        stream name (the contract with the normalizer)
 * @param name          sObject API name
 * @param fullRefresh   read whole every run, the framework tombstones ids no longer present (hard deletes)
 * @param archivable    Task/Event: rows older than about a year are archived and only visible to {@code queryAll}, so
 *                      live reads and counts use {@code queryAll ... IsDeleted = false}
 * @param multiCurrency only synced when the org is multi-currency (Opportunity has {@code CurrencyIsoCode})
 */
record SObject(String stream, String name, boolean fullRefresh, boolean archivable, boolean multiCurrency) {

    static SObject incremental(String stream, String name) {
        return new SObject(stream, name, false, false, false);
    }

    static SObject full(String stream, String name) {
        return new SObject(stream, name, true, false, false);
    }

    SObject withFullRefresh() {
        return new SObject(stream, name, true, archivable, multiCurrency);
    }
}
