package io.crmw.etl.normalize;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** The chunk step's processor: a CRM's pure {@link RecordMapper}, keeping the raw {@code _seq} alongside. */
public final class MappingProcessor implements ItemProcessor<RawRow, MappedRecord> {

    private final RecordMapper mapper;

    public MappingProcessor(RecordMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public MappedRecord process(RawRow raw) {
        return new MappedRecord(raw.seq(), mapper.map(raw));
    }
}
