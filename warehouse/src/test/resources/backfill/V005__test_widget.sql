-- test only: a core table fed by the 'widgets' stream
create table core.test_widget (
    source_system varchar not null,
    source_id     varchar not null,
    name          varchar
);
