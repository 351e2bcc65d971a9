-- Monthly partitions for the time-partitioned tables, created ahead of time. Called here once and
-- then regularly by `Migrations create-partitions --months N` (a cron job / Kubernetes CronJob).
--
-- Every partitioned table also gets a DEFAULT partition so a row outside the prepared months (a
-- backfill, a clock far off) is stored instead of failing the sink. When a month is created later
-- and the default partition already holds rows of that month, they are moved into the new
-- partition in the same transaction (PostgreSQL refuses to add a partition whose rows sit in the
-- default one).

CREATE FUNCTION deepalpha_create_monthly_partitions(parent regclass, first_month date, months integer)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    parent_schema text;
    parent_name   text;
    key_column    text;
    default_name  text;
    month_start   date;
    part_name     text;
    lower_bound   timestamptz;
    upper_bound   timestamptz;
    rows_in_default bigint;
    created       integer := 0;
BEGIN
    SELECT n.nspname, c.relname INTO parent_schema, parent_name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = parent;
    SELECT a.attname INTO key_column
      FROM pg_partitioned_table p
      JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
     WHERE p.partrelid = parent;
    IF key_column IS NULL THEN
        RAISE EXCEPTION 'table % is not range-partitioned', parent;
    END IF;

    default_name := parent_name || '_default';
    IF to_regclass(format('%I.%I', parent_schema, default_name)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT', parent_schema, default_name, parent);
    END IF;

    FOR i IN 0 .. months - 1 LOOP
        month_start := (date_trunc('month', first_month) + make_interval(months => i))::date;
        part_name := parent_name || '_' || to_char(month_start, 'YYYY_MM');
        CONTINUE WHEN to_regclass(format('%I.%I', parent_schema, part_name)) IS NOT NULL;

        -- Months are calendar months in UTC, whatever the session's time zone.
        lower_bound := month_start::timestamp AT TIME ZONE 'UTC';
        upper_bound := (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC';

        EXECUTE format('SELECT count(*) FROM %I.%I WHERE %I >= $1 AND %I < $2',
                       parent_schema, default_name, key_column, key_column)
           INTO rows_in_default USING lower_bound, upper_bound;

        IF rows_in_default = 0 THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           parent_schema, part_name, parent, lower_bound, upper_bound);
        ELSE
            EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                           parent_schema, part_name, parent);
            EXECUTE format('WITH moved AS (DELETE FROM %I.%I WHERE %I >= $1 AND %I < $2 RETURNING *) '
                           'INSERT INTO %I.%I SELECT * FROM moved',
                           parent_schema, default_name, key_column, key_column, parent_schema, part_name)
               USING lower_bound, upper_bound;
            EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                           parent, parent_schema, part_name, lower_bound, upper_bound);
        END IF;
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;

-- The current UTC month and the next `months_ahead` months of every time-partitioned table.
CREATE FUNCTION deepalpha_ensure_partitions(months_ahead integer)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    t       text;
    created integer := 0;
BEGIN
    IF months_ahead < 0 THEN
        RAISE EXCEPTION 'months_ahead must be >= 0, got %', months_ahead;
    END IF;
    FOREACH t IN ARRAY ARRAY['risk_events', 'spread_stats', 'late_events'] LOOP
        IF to_regclass(t) IS NULL THEN
            RAISE EXCEPTION 'table % does not exist: run the migrations first', t;
        END IF;
        created := created + deepalpha_create_monthly_partitions(
            t::regclass, (now() AT TIME ZONE 'UTC')::date, months_ahead + 1);
    END LOOP;
    RETURN created;
END
$$;

SELECT deepalpha_ensure_partitions(3);
