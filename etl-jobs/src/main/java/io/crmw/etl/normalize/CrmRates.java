package io.crmw.etl.normalize;

import java.util.List;

/**
 * A CRM's own exchange rates into {@code core.crm_fx_rate} (see its migration for the columns): each rate stream's
 * finishing SQL replaces the source's rows of one kind with what its latest live raw records say. The vendor part is
 * the select, which returns (source_id, base_currency, currency_code, rate, rate_quote, valid_from, valid_to,
 * synced_at); rows without a currency, a base or a positive rate are left out.
 */
public final class CrmRates {

    private CrmRates() {
    }

    /** Delete-then-insert of the source's rates of {@code rateKind}, from {@code select} (placeholders allowed). */
    public static List<String> replace(String rateKind, String select) {
        String kind = "'" + rateKind.replace("'", "''") + "'";
        return List.of(
                "delete from core.crm_fx_rate where source_system = {source} and rate_kind = " + kind,
                """
                insert into core.crm_fx_rate (source_system, rate_kind, source_id, base_currency, currency_code, rate,
                                              rate_quote, valid_from, valid_to, synced_at)
                select {source}, %s, source_id, base_currency, currency_code, rate, rate_quote, valid_from,
                       valid_to, synced_at
                from (%s) r
                where nullif(base_currency, '') is not null and nullif(currency_code, '') is not null and rate > 0
                  and valid_from < valid_to""".formatted(kind, select));
    }
}
