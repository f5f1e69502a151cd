-- Parsing rules of the raw-file contract (docs/sources.md), as temporary macros of the build.
-- Each returns NULL when its input does not follow the rule; the validator turns that into
-- a quarantine row naming file, row and column.

-- Dutch numbers: '4.597' = 4597, '12,5' = 12.5, '€ 1.234,50' = 1234.5. A point followed by
-- anything but groups of three digits is read as a decimal point ('12.5' = 12.5).
CREATE OR REPLACE TEMP MACRO nl_clean(s) AS regexp_replace(s, '[€\s ]', '', 'g');
CREATE OR REPLACE TEMP MACRO nl_numtext(s) AS CASE
    WHEN regexp_full_match(nl_clean(s), '[-+]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?')
        THEN replace(replace(nl_clean(s), '.', ''), ',', '.')
    WHEN regexp_full_match(nl_clean(s), '[-+]?[0-9]*\.[0-9]+')
        THEN nl_clean(s)
END;
CREATE OR REPLACE TEMP MACRO nl_decimal(s) AS TRY_CAST(nl_numtext(s) AS DECIMAL(38, 6));
CREATE OR REPLACE TEMP MACRO nl_double(s) AS TRY_CAST(nl_numtext(s) AS DOUBLE);

-- Dates: dd-mm-jjjj (also d-m-jjjj) or ISO (optionally with a time, as XLSX cells give).
CREATE OR REPLACE TEMP MACRO parse_date(s) AS coalesce(
    CAST(TRY_STRPTIME(s, '%d-%m-%Y') AS DATE),
    CASE WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T].*)?')
         THEN CAST(TRY_CAST(s AS TIMESTAMP) AS DATE) END);

CREATE OR REPLACE TEMP MACRO month_number(word) AS CASE
    WHEN lower(word) IN ('jan', 'januari', 'january') THEN 1
    WHEN lower(word) IN ('feb', 'februari', 'february') THEN 2
    WHEN lower(word) IN ('mrt', 'maa', 'maart', 'mar', 'march') THEN 3
    WHEN lower(word) IN ('apr', 'april') THEN 4
    WHEN lower(word) IN ('mei', 'may') THEN 5
    WHEN lower(word) IN ('jun', 'juni', 'june') THEN 6
    WHEN lower(word) IN ('jul', 'juli', 'july') THEN 7
    WHEN lower(word) IN ('aug', 'augustus', 'august') THEN 8
    WHEN lower(word) IN ('sep', 'sept', 'september') THEN 9
    WHEN lower(word) IN ('okt', 'oktober', 'oct', 'october') THEN 10
    WHEN lower(word) IN ('nov', 'november') THEN 11
    WHEN lower(word) IN ('dec', 'december') THEN 12
END;

CREATE OR REPLACE TEMP MACRO period_text(s) AS upper(regexp_replace(trim(s), '\s+', ' ', 'g'));

-- Canonical period labels: '2024' (year), '2024-K3' (quarter), '2024-09' (month).
CREATE OR REPLACE TEMP MACRO parse_year(s) AS CASE
    WHEN regexp_full_match(trim(s), '(19|20)[0-9]{2}') THEN trim(s) END;

CREATE OR REPLACE TEMP MACRO parse_quarter(s) AS CASE
    WHEN regexp_full_match(period_text(s), '((19|20)[0-9]{2}) ?-? ?[KQ]([1-4])')
        THEN regexp_extract(period_text(s), '([0-9]{4})', 1) || '-K'
             || regexp_extract(period_text(s), '[KQ]([1-4])$', 1)
    WHEN parse_date(trim(s)) IS NOT NULL
        THEN strftime(parse_date(trim(s)), '%Y') || '-K' || quarter(parse_date(trim(s)))
END;

CREATE OR REPLACE TEMP MACRO month_label(y, m) AS CASE
    WHEN TRY_CAST(y AS INTEGER) BETWEEN 1900 AND 2099 AND TRY_CAST(m AS INTEGER) BETWEEN 1 AND 12
        THEN printf('%04d-%02d', TRY_CAST(y AS INTEGER), TRY_CAST(m AS INTEGER)) END;

CREATE OR REPLACE TEMP MACRO parse_month(s) AS CASE
    WHEN regexp_full_match(trim(s), '[0-9]{4}-[0-9]{1,2}')
        THEN month_label(split_part(trim(s), '-', 1), split_part(trim(s), '-', 2))
    WHEN regexp_full_match(trim(s), '[0-9]{1,2}-[0-9]{4}')
        THEN month_label(split_part(trim(s), '-', 2), split_part(trim(s), '-', 1))
    WHEN regexp_full_match(lower(trim(s)), '([a-z]+)\.? +([0-9]{4})')
        THEN month_label(regexp_extract(trim(s), '([0-9]{4})$', 1),
                         month_number(regexp_extract(lower(trim(s)), '^([a-z]+)', 1)))
    WHEN parse_date(trim(s)) IS NOT NULL
        THEN strftime(parse_date(trim(s)), '%Y-%m')
END;

-- First day of a canonical period label.
CREATE OR REPLACE TEMP MACRO period_start(p) AS CASE
    WHEN length(p) = 4 THEN make_date(CAST(p AS INTEGER), 1, 1)
    WHEN p[6] = 'K' THEN make_date(CAST(p[1:4] AS INTEGER), CAST(p[7] AS INTEGER) * 3 - 2, 1)
    ELSE make_date(CAST(p[1:4] AS INTEGER), CAST(p[6:7] AS INTEGER), 1)
END;

-- Municipality lookup key: a CBS code in any common spelling ('GM0307', '307', '0307')
-- or the name without case, accents, apostrophe variants or a 'gemeente' prefix.
CREATE OR REPLACE TEMP MACRO gemeente_key(s) AS CASE
    WHEN regexp_full_match(lower(trim(s)), '(gm)?[0-9]{1,4}')
        THEN 'gm' || lpad(CAST(TRY_CAST(regexp_extract(s, '([0-9]+)', 1) AS INTEGER) AS VARCHAR),
                          4, '0')
    ELSE regexp_replace(regexp_replace(
            replace(replace(strip_accents(lower(trim(s))), '’', ''''), '‘', ''''),
            '^gemeente\s+', ''), '\s+', ' ', 'g')
END;

-- Labour-market region lookup key: 'AM14', 'Amersfoort', 'Arbeidsmarktregio Amersfoort',
-- 'Regio Rivierenland'.
CREATE OR REPLACE TEMP MACRO regio_key(s) AS regexp_replace(regexp_replace(
    strip_accents(lower(trim(s))), '^(arbeidsmarktregio|regio)\s+', ''), '\s+', ' ', 'g');

-- Where a value made of several rows comes from: 'published' only when every row is.
CREATE OR REPLACE TEMP MACRO provenance_of(p) AS
    CASE WHEN bool_and(p = 'published') THEN 'published' ELSE 'sample' END;

-- Herkomst, per value as a statistical office flags each observation (SDMX OBS_STATUS,
-- CBS StatLine): `published` (also empty) or `sample` for every value of the row, or
-- `published: <column>, <column>` where a source allows it: the named columns hold published
-- figures, the row's other values are sample. Column names match as headers do (case,
-- accents and spaces ignored).
CREATE OR REPLACE TEMP MACRO column_key(s) AS
    regexp_replace(strip_accents(lower(trim(s))), '\s+', ' ', 'g');
-- (cells arrive trimmed: the same test the fast tier has always made, no dearer)
CREATE OR REPLACE TEMP MACRO herkomst_plain(s) AS CASE
    WHEN s IS NULL OR lower(s) IN ('published', 'gepubliceerd') THEN 'published'
    WHEN lower(s) = 'sample' THEN 'sample'
END;
-- the columns a per-value Herkomst names (NULL for a plain one)
CREATE OR REPLACE TEMP MACRO herkomst_columns(s) AS CASE
    WHEN regexp_matches(lower(s), '^\s*(published|gepubliceerd)\s*:')
        THEN list_transform(string_split(regexp_replace(s, '^[^:]*:', ''), ','),
                            lambda x: column_key(x))
END;
-- the provenance of the value in the column with key `k`
CREATE OR REPLACE TEMP MACRO herkomst_of(s, k) AS CASE
    WHEN herkomst_columns(s) IS NULL THEN herkomst_plain(s)
    WHEN list_contains(herkomst_columns(s), k) THEN 'published'
    ELSE 'sample'
END;
