-- CreateTable
CREATE TABLE "event_rollup" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "actor_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "error_code" TEXT NOT NULL DEFAULT '',
    "event_count" INTEGER NOT NULL,

    CONSTRAINT "event_rollup_pkey" PRIMARY KEY ("hour","account_id","aws_region","actor_id","kind","error_code")
);

-- CreateTable
CREATE TABLE "event_rollup_day" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "actor_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "error_code" TEXT NOT NULL DEFAULT '',
    "event_count" INTEGER NOT NULL,

    CONSTRAINT "event_rollup_day_pkey" PRIMARY KEY ("day","account_id","aws_region","actor_id","kind","error_code")
);

-- CreateTable
CREATE TABLE "resource_change_rollup" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "resource_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "event_count" INTEGER NOT NULL,

    CONSTRAINT "resource_change_rollup_pkey" PRIMARY KEY ("hour","account_id","aws_region","resource_id","kind")
);

-- CreateTable
CREATE TABLE "security_event" (
    "event_id" BIGINT NOT NULL,
    "flag" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,

    CONSTRAINT "security_event_pkey" PRIMARY KEY ("event_id","flag")
);

-- CreateTable
CREATE TABLE "principal_seen" (
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "actor_id" BIGINT NOT NULL,
    "source_ip" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "event_count" INTEGER NOT NULL,

    CONSTRAINT "principal_seen_pkey" PRIMARY KEY ("account_id","aws_region","actor_id","source_ip")
);

-- CreateIndex
CREATE INDEX "security_event_flag_event_time_event_id_idx" ON "security_event"("flag", "event_time" DESC, "event_id" DESC);

-- Enumerated columns keep to their zod definitions (lib/events/kind.ts, lib/security/flags.ts).
ALTER TABLE "event_rollup" ADD CONSTRAINT "event_rollup_kind_check"
    CHECK ("kind" IN ('create', 'modify', 'delete', 'other-write', 'read', 'failed'));
ALTER TABLE "event_rollup_day" ADD CONSTRAINT "event_rollup_day_kind_check"
    CHECK ("kind" IN ('create', 'modify', 'delete', 'other-write', 'read', 'failed'));
ALTER TABLE "resource_change_rollup" ADD CONSTRAINT "resource_change_rollup_kind_check"
    CHECK ("kind" IN ('create', 'modify', 'delete', 'other-write'));
ALTER TABLE "security_event" ADD CONSTRAINT "security_event_flag_check"
    CHECK ("flag" IN ('destructive', 'failover', 'auth', 'users', 'encryption', 'network', 'root', 'console-no-mfa'));

-- Backfill from the events already stored. From now on lib/ingest/store.ts keeps these tables in
-- the same transaction as the events. The kind and flag rules below are lib/events/kind.ts and
-- lib/security/flags.ts written out in SQL (tests/integration/rollups.test.ts compares the two).
INSERT INTO "event_rollup" (hour, account_id, aws_region, actor_id, kind, error_code, event_count)
SELECT date_trunc('hour', e.event_time, 'UTC'), e.account_id, e.aws_region, e.actor_id,
  CASE WHEN e.error_code IS NOT NULL THEN 'failed' WHEN e.read_only THEN 'read'
    WHEN e.event_name ~ '^(Create|Copy)' THEN 'create'
    WHEN e.event_name ~ '^(Delete)' THEN 'delete'
    WHEN e.event_name ~ '^(Modify|Increase|Decrease|Rebalance|Reset)' THEN 'modify' ELSE 'other-write' END,
  COALESCE(e.error_code, ''), count(*)
FROM event e
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "event_rollup_day" (day, account_id, aws_region, actor_id, kind, error_code, event_count)
SELECT date_trunc('day', hour, 'UTC'), account_id, aws_region, actor_id, kind, error_code, sum(event_count)
FROM event_rollup
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "resource_change_rollup" (hour, account_id, aws_region, resource_id, kind, event_count)
SELECT date_trunc('hour', e.event_time, 'UTC'), e.account_id, e.aws_region, er.resource_id,
  CASE WHEN e.event_name ~ '^(Create|Copy)' THEN 'create'
    WHEN e.event_name ~ '^(Delete)' THEN 'delete'
    WHEN e.event_name ~ '^(Modify|Increase|Decrease|Rebalance|Reset)' THEN 'modify' ELSE 'other-write' END,
  count(DISTINCT e.id)
FROM event e JOIN event_resource er ON er.event_id = e.id AND er.role = 'target'
WHERE NOT e.read_only AND e.error_code IS NULL
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "security_event" (event_id, flag, event_time, account_id, aws_region)
SELECT e.id, f.flag, e.event_time, e.account_id, e.aws_region
FROM event e JOIN actor a ON a.id = e.actor_id
CROSS JOIN LATERAL (SELECT e.event_name LIKE 'Modify%' AND jsonb_typeof(e.record -> 'requestParameters') = 'object' AS modify,
  e.record -> 'requestParameters' AS params) m
CROSS JOIN LATERAL (VALUES
  ('destructive', e.event_name LIKE 'Delete%'),
  ('failover', e.event_name IN ('TestFailover', 'FailoverGlobalReplicationGroup')),
  ('auth', m.modify AND jsonb_exists_any(m.params, ARRAY['authToken', 'authTokenUpdateStrategy'])),
  ('users', e.event_name ~ '^(Create|Modify|Delete)(User|UserGroup)$'
    OR (m.modify AND jsonb_exists_any(m.params, ARRAY['userGroupIdsToAdd', 'userGroupIdsToRemove']))),
  ('encryption', m.modify AND jsonb_exists_any(m.params,
    ARRAY['transitEncryptionEnabled', 'transitEncryptionMode', 'atRestEncryptionEnabled', 'kmsKeyId'])),
  ('network', e.event_name ~ '^((Create|Modify|Delete)CacheSubnetGroup|(Create|Delete)CacheSecurityGroup|(Authorize|Revoke)CacheSecurityGroupIngress)$'
    OR (m.modify AND jsonb_exists_any(m.params, ARRAY['securityGroupIds', 'cacheSecurityGroupNames']))),
  ('root', a.type = 'Root'),
  ('console-no-mfa', e.user_agent_family = 'console' AND e.mfa_authenticated IS NOT TRUE)
) AS f(flag, hit)
WHERE f.hit;

INSERT INTO "principal_seen" (account_id, aws_region, actor_id, source_ip, first_seen, last_seen, event_count)
SELECT e.account_id, e.aws_region, e.actor_id, COALESCE(e.source_ip, ''), min(e.event_time), max(e.event_time), count(*)
FROM event e
GROUP BY 1, 2, 3, 4;
