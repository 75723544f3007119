-- The reads of io.crmw.etl.normalize.Fields, Vocabulary and CoreIds as DuckDB macros, for the set-based mappings
-- (SetBasedMapping): each macro returns what its Java twin returns for the same JSON value, so a stream mapped in SQL
-- writes the same core rows as its Java mapper. What SQL cannot reproduce exactly is listed in SetBasedMapping.
-- Created as temp macros on the step's connection before the mapping runs. A value that does not parse is null, as in
-- Fields, but without Fields' WARN line.

-- the characters Java's String.trim() removes: every code point up to the space
create or replace temp macro java_whitespace() as
    chr(0) || chr(1) || chr(2) || chr(3) || chr(4) || chr(5) || chr(6) || chr(7) || chr(8) || chr(9) || chr(10)
    || chr(11) || chr(12) || chr(13) || chr(14) || chr(15) || chr(16) || chr(17) || chr(18) || chr(19) || chr(20) || chr(21)
    || chr(22) || chr(23) || chr(24) || chr(25) || chr(26) || chr(27) || chr(28) || chr(29) || chr(30) || chr(31) || chr(32);

-- Fields.text over a value from_json read as VARCHAR (a JSON object or array arrives as its JSON text, so one that
-- starts like one is looked up in the document at the JSON pointer): the trimmed text; null when absent, JSON null,
-- an object or array, or blank
create or replace temp macro field_text(value, doc, pointer) as
    case
        when value is null then null
        when ascii(value) > 32 and ascii(right(value, 1)) > 32 and not starts_with(value, '{')
             and not starts_with(value, '[') then value
        when (starts_with(value, '{') or starts_with(value, '['))
             and json_type(doc, pointer) in ('OBJECT', 'ARRAY') then null
        else nullif(trim(value, java_whitespace()), '')
    end;

-- the JSON pointer of an object's member (~ and / escaped)
create or replace temp macro json_pointer(parent, key) as
    parent || '/' || replace(replace(key, '~', '~0'), '/', '~1');

-- Fields.bool over a text: true / false in any case, else null
create or replace temp macro field_bool(t) as
    case lower(t) when 'true' then true when 'false' then false end;

-- Fields.decimal over a text, before the cast to the column's decimal (which rounds half up, as setScale(HALF_UP)):
-- the text without ',' when BigDecimal reads it, else null
create or replace temp macro field_decimal_text(t) as
    case when regexp_full_match(replace(t, ',', ''), '[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?')
         then replace(t, ',', '') end;

-- Fields.number over a text: Double.parseDouble's decimal forms (a trailing d or f allowed), finite only
create or replace temp macro field_double(t) as
    case when regexp_full_match(t, '[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[dDfF]?')
              and isfinite(cast(rtrim(t, 'dDfF') as double))
         then cast(rtrim(t, 'dDfF') as double) end;

-- Fields.whole over a text: a whole number (half up), null when BigDecimal does not read it or it exceeds a long
create or replace temp macro field_whole(t) as
    case when regexp_full_match(t, '[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?')
         then try_cast(try_cast(t as decimal(38, 0)) as bigint) end;

-- Java's (int) cast of a long: the low 32 bits, two's complement
create or replace temp macro java_int(x) as
    cast(((cast(x as hugeint) % 4294967296 + 4294967296) % 4294967296 + 2147483648) % 4294967296 - 2147483648
         as integer);

-- Fields.parseInstant over a text: epoch milliseconds; ISO-8601 with a Z or an offset (+02:00, or +0200 after a
-- T); a zone-less date-time with a T or a space, or a date, both UTC. Sub-microsecond digits are cut, as the
-- Appender writes microseconds.
create or replace temp macro field_instant(t) as
    case
        when t is null then null
        when regexp_full_match(t, '-?[0-9]{1,16}') then timezone('UTC', epoch_ms(cast(t as bigint)))
        when regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?'
                                  || '([Zz]|[+-][0-9]{2}:[0-9]{2})')
            then try_cast(upper(t) as timestamptz)
        when regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?'
                                  || '[+-][0-9]{4}')
            then try_cast(substr(t, 1, length(t) - 2) || ':' || right(t, 2) as timestamptz)
        when regexp_full_match(replace(t, ' ', 'T'),
                               '[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?')
            then try_cast(upper(replace(t, ' ', 'T')) || 'Z' as timestamptz)
        when regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
            then try_cast(t || 'T00:00:00Z' as timestamptz)
    end;

-- Fields.date: the UTC calendar date of an instant
create or replace temp macro field_date(i) as
    cast(timezone('UTC', i) as date);

-- CoreIds.of: '<source>:<entity>:<vendor id>', null when the id is null or blank (Character.isWhitespace)
create or replace temp macro core_id(source, entity, id) as
    case
        when id is null then null
        when ascii(id) between 33 and 126 then source || ':' || entity || ':' || id
        when regexp_full_match(id, '[\x00-\x20\x{1680}\x{2000}-\x{2006}\x{2008}-\x{200A}\x{2028}\x{2029}\x{205F}\x{3000}]*')
            then null
        else source || ':' || entity || ':' || id
    end;

-- a list of ids (HubSpot-style associations and the like) from a JSON value: an array of id values or of {"id": …}
-- objects, or an object whose "results" array holds {"id": …} objects; blank ids left out, each id trimmed, order
-- kept; null for anything else
create or replace temp macro field_ids(ids) as
    case json_type(ids)
        when 'ARRAY' then list_filter(
                list_transform(from_json(ids, '["VARCHAR"]'),
                               lambda element, i: case
                                   when starts_with(element, '{') and json_type(ids, '/' || (i - 1)) = 'OBJECT'
                                       then field_text(json_extract_string(element, '$.id'), element, '/id')
                                   else field_text(element, ids, '/' || (i - 1)) end),
                lambda vendor_id: core_id('', '', vendor_id) is not null)
        when 'OBJECT' then list_filter(
                list_transform(from_json(json_extract(ids, '$.results'), '["VARCHAR"]'),
                               lambda element: field_text(json_extract_string(element, '$.id'), element, '/id')),
                lambda vendor_id: core_id('', '', vendor_id) is not null)
    end;

-- Vocabulary.dealStatus
create or replace temp macro deal_status(is_closed, is_won) as
    case when is_won then 'won' when is_closed then 'lost' when not is_closed then 'open' end;

-- Vocabulary.dealType
create or replace temp macro deal_type(label) as
    case
        when label is null then null
        when contains(lower(label), 'renew') then 'renewal'
        when starts_with(lower(label), 'new') then 'new'
        when starts_with(lower(label), 'existing') or contains(lower(label), 'upsell')
             or contains(lower(label), 'upgrade') or contains(lower(label), 'expansion') then 'existing'
    end;

-- Vocabulary.domain over a field_text: lower case, no scheme, no path, port, query or fragment, no www., no trailing
-- dot; else null
create or replace temp macro vocabulary_domain(website) as
    nullif(rtrim(regexp_replace(regexp_replace(regexp_replace(lower(website), '(?s)^.*?://', ''),
                                               '(?s)[/?#: ].*$', ''),
                                '^www\.', ''),
                 '.'),
           '');

-- Vocabulary.fractionOrPercent
create or replace temp macro fraction_or_percent(v) as
    case when v is null or v < 0 then null when v > 1 then case when v <= 100 then v / 100 end else v end;
