package io.crmw.etl.normalize.zendesk;

import static io.crmw.etl.normalize.Derivations.latest;
import static io.crmw.etl.normalize.Derivations.live;
import static io.crmw.etl.normalize.zendesk.ZendeskRecord.TOMBSTONES;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.CrmNormalizer;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.StreamNormalizer;
import io.crmw.etl.normalize.Vocabulary;
import io.crmw.etl.normalize.core.AccountRow;
import io.crmw.etl.normalize.core.ContactRow;
import io.crmw.etl.normalize.core.OwnerRow;
import io.crmw.etl.normalize.core.TicketRow;
import java.util.List;

/**
 * Zendesk Support's streams (docs/zendesk.md): users → agents ({@code agent}, {@code admin}) as {@code core.owner},
 * end-users as {@code core.contact}; organizations → {@code core.account} (domain: the first of
 * {@code domain_names}, so a help desk's organization is the same customer as the CRMs' account); tickets →
 * {@code core.ticket}. A user deleted in Zendesk ({@code active: false}), an organization with {@code deleted_at} and
 * a ticket with {@code status: "deleted"} land as tombstones with their record, flagged deleted.
 *
 * <p>A ticket's product and request type are the drop-downs the connector resolves ({@code product},
 * {@code request_type}: value and label of the configured ticket fields). The product becomes a
 * {@code core.product} of this source named by its label (finishing SQL: the products the tickets name), which
 * {@code core.product_identity} matches to the sales CRMs' product of that name; the request type is the ticket's
 * reason ({@code reason_map.csv}), else its Zendesk {@code type}. Status new, open, pending and hold → open; solved;
 * closed. solved_at comes from the ticket's metrics ({@code ticket_metrics}, finishing SQL).
 */
public final class ZendeskSupportNormalizer implements CrmNormalizer {

    static final String PRODUCTS_DELETE = "delete from core.product where source_system = {source}";

    /** One product per product value the live tickets name, labelled as the drop-down labels it. */
    static final String PRODUCTS_FROM_TICKETS = """
            insert into core.product (product_id, source_system, source_id, name, is_deleted, synced_at)
            select {source} || ':product:' || value, {source}, value, coalesce(max(name), value), false,
                   max(_extracted_at)
            from (select nullif(trim(payload->'product'->>'value'), '') as value,
                         nullif(trim(payload->'product'->>'name'), '') as name, _extracted_at
                  from %s
                  where not _deleted)
            where value is not null
            group by value""".formatted(latest("{raw_table}"));

    static final String SOLVED_AT_FROM_METRICS = """
            update core.ticket t
            set solved_at = m.solved_at, synced_at = greatest(t.synced_at, m._extracted_at)
            from (select {source} || ':ticket:' || trim(payload->>'ticket_id') as ticket_id, _extracted_at,
                         try_cast(payload->>'solved_at' as timestamptz) as solved_at
                  from %s) m
            where t.source_system = {source} and t.ticket_id = m.ticket_id
              and t.solved_at is distinct from m.solved_at""".formatted(live("{raw_table}"));

    @Override
    public String sourceType() {
        return "zendesk";
    }

    @Override
    public List<StreamNormalizer> streams() {
        return List.of(
                new StreamNormalizer("users", TOMBSTONES.skippingThin(ZendeskSupportNormalizer::user),
                        List.of(TOMBSTONES.flagSql(OwnerRow.TABLE), TOMBSTONES.flagSql(ContactRow.TABLE))),
                TOMBSTONES.stream("organizations", AccountRow.TABLE, ZendeskSupportNormalizer::organization),
                TOMBSTONES.stream("tickets", TicketRow.TABLE, ZendeskSupportNormalizer::ticket, PRODUCTS_DELETE,
                        PRODUCTS_FROM_TICKETS),
                StreamNormalizer.of("ticket_metrics", raw -> Normalized.of(), SOLVED_AT_FROM_METRICS));
    }

    /** An agent or admin → owner, an end-user → contact; the other table's row of the same id is dropped. */
    static Normalized user(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        boolean deleted = r.deleted();
        if (!"end-user".equals(r.f.lower("role"))) {
            OwnerRow owner = new OwnerRow(r.coreId("owner", r.id()), r.source(), r.id(), r.text("name"),
                    r.f.lower("email"), null, !deleted && !Boolean.FALSE.equals(r.f.bool("active")), deleted,
                    r.syncedAt());
            return Normalized.of(CoreWrite.row(OwnerRow.TABLE, r.id(), owner),
                    new CoreWrite(ContactRow.TABLE, "source_id", r.id(), List.of()));
        }
        String[] name = ZendeskRecord.firstAndLast(r.text("name"));
        ContactRow contact = new ContactRow(r.coreId("contact", r.id()), r.source(), r.id(),
                r.ref("account", "organization_id"), r.f.lower("email"), name[0], name[1], null, null, null, null,
                r.instant("created_at"), r.instant("updated_at"), deleted, r.syncedAt());
        return Normalized.of(CoreWrite.row(ContactRow.TABLE, r.id(), contact),
                new CoreWrite(OwnerRow.TABLE, "source_id", r.id(), List.of()));
    }

    static Normalized organization(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        var domains = raw.payload().path("domain_names");
        AccountRow row = new AccountRow(r.coreId("account", r.id()), r.source(), r.id(), r.text("name"),
                Vocabulary.domain(domains.isArray() && !domains.isEmpty() ? domains.get(0).asString(null) : null),
                null, null, null, null, null, r.instant("created_at"), r.instant("updated_at"),
                r.deleted() || r.text("deleted_at") != null, r.syncedAt());
        return Normalized.of(CoreWrite.row(AccountRow.TABLE, r.id(), row));
    }

    static Normalized ticket(RawRow raw) {
        ZendeskRecord r = new ZendeskRecord(raw);
        String status = r.f.lower("status");
        String requestType = r.nested("request_type", "value");
        TicketRow row = new TicketRow(r.coreId("ticket", r.id()), r.source(), r.id(), r.text("subject"),
                r.ref("account", "organization_id"), r.ref("contact", "requester_id"),
                r.coreId("product", r.nested("product", "value")), r.ref("owner", "assignee_id"), null, null,
                r.text("type"), r.text("priority"), status(status), r.nested("via", "channel"),
                requestType != null ? requestType : r.text("type"), null, r.instant("created_at"), null,
                r.deleted() || "deleted".equals(status), r.syncedAt(), r.nested("satisfaction_rating", "score"), null);
        return Normalized.of(CoreWrite.row(TicketRow.TABLE, r.id(), row));
    }

    /** new, open, pending, hold → open; solved; closed; anything else (deleted) null. */
    static String status(String zendesk) {
        if (zendesk == null) {
            return null;
        }
        return switch (zendesk) {
            case "new", "open", "pending", "hold" -> "open";
            case "solved", "closed" -> zendesk;
            default -> null;
        };
    }
}
