-- The statistics trigger's two statements on order_statistics (the lock and the update) take the statuses of a
-- batch as PL/pgSQL variables, i.e. as parameters. PostgreSQL's plan cache compared each generic plan with custom
-- plans for the actual arrays, found the custom ones cheaper (an array of one status against the ten elements a
-- generic plan assumes) and so planned both statements again on every batch: 0.18 ms of planning against 0.09 ms
-- of execution, the larger part of the trigger's cost (pg_stat_statements with track_planning, BENCHMARKS.md,
-- 2026-12-01 late). order_statistics holds one row per status, so a generic plan is as good as any: kept per session.
ALTER FUNCTION order_statistics_apply() SET plan_cache_mode = force_generic_plan;
