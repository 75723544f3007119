-- reference_csv(path): the data lines of a reference CSV file (config/reference) as (line_number, fields), where
-- fields[i] is the i-th comma-separated value, trimmed, and null when blank. Plain comma-separated values, no
-- quoting; the header line, blank lines and comment lines (starting with #) are skipped. Read as text so that a missing file gives no rows (every
-- value then reports as unmapped / without cost) instead of failing the build.
create or replace macro reference_csv(path) as table
    select
        line_number,
        list_transform(string_split(line, ','), lambda field: nullif(trim(field), '')) as fields
    from (
        select
            unnest(string_split(replace(content, chr(13), ''), chr(10))) as line,
            generate_subscripts(string_split(replace(content, chr(13), ''), chr(10)), 1) as line_number
        from read_text(path)
    )
    where line_number > 1
      and trim(line) <> ''
      and not starts_with(trim(line), '#')
