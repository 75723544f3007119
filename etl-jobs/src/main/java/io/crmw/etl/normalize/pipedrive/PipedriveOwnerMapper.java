package io.crmw.etl.normalize.pipedrive;

import io.crmw.etl.normalize.CoreWrite;
import io.crmw.etl.normalize.Normalized;
import io.crmw.etl.normalize.RawRow;
import io.crmw.etl.normalize.RecordMapper;
import io.crmw.etl.normalize.core.OwnerRow;

/**
 * A user ({@code GET /v1/users}: {@code id, name, email, active_flag, created, modified}, v1 times) →
 * {@code core.owner}. Deactivated users ({@code active_flag: false}) stay, inactive; Pipedrive has no teams here.
 */
final class PipedriveOwnerMapper implements RecordMapper {

    @Override
    public Normalized map(RawRow raw) {
        PipedriveRecord r = new PipedriveRecord(raw);
        boolean deleted = r.deleted();
        OwnerRow owner = new OwnerRow(r.coreId("owner", r.id()), r.source(), r.id(), r.text("name"),
                r.f.lower("email"), null, !deleted && !Boolean.FALSE.equals(r.f.bool("active_flag")), deleted,
                r.syncedAt());
        return Normalized.of(CoreWrite.row(OwnerRow.TABLE, r.id(), owner));
    }
}
