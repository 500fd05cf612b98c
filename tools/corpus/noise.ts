// Other services' records, in proportions typical of a busy organization: mostly STS, KMS,
// EC2 and monitoring reads, a little IAM/S3/Lambda/RDS, rare console sign-ins.

import { activeAccountRegions, GLOBAL_SERVICE_REGION, regionWeight, type Account, type Region } from "./accounts";
import type { GeneratedRecord } from "./elasticache-activity";
import { COMPUTE_OPERATIONS } from "./noise-compute";
import { IDENTITY_OPERATIONS } from "./noise-identity";
import { LARGE_OPERATIONS } from "./noise-large";
import { STORAGE_OBSERVABILITY_OPERATIONS } from "./noise-storage-observability";
import type { NoiseContext, NoiseOperation } from "./noise-types";
import { weightedPicker, type Rng } from "./prng";
import { buildRecord } from "./record-builder";
import type { Roster } from "./roster";
import { sdkServiceId } from "./user-agents";

const ALL_OPERATIONS: NoiseOperation[] = [
  ...IDENTITY_OPERATIONS,
  ...COMPUTE_OPERATIONS,
  ...STORAGE_OBSERVABILITY_OPERATIONS,
];
const DENIED_RATE = 0.015;
/** With large records: the share of other services' records that are large (noise-large.ts). */
const LARGE_SHARE = 0.5;

export class NoiseActivity {
  private readonly pickOperation = weightedPicker(ALL_OPERATIONS.map((op) => [op, op.weight] as const));
  private readonly pickPlace = weightedPicker(
    activeAccountRegions().map((p) => [p, p.account.activityWeight * regionWeight(p.account, p.region)] as const),
  );
  private readonly kmsKeys = new Map<string, string>();
  private readonly pickLarge = weightedPicker(LARGE_OPERATIONS.map((op) => [op, op.weight] as const));

  constructor(
    private readonly rng: Rng,
    private readonly rosters: Map<string, Roster>,
    private readonly clock: { nowMs: number },
    /** Half of the records are large ones (noise-large.ts): `npm run corpus -- --large-records`. */
    private readonly largeRecords = false,
  ) {
    const keyRng = rng.fork();
    for (const { account, region } of activeAccountRegions()) {
      this.kmsKeys.set(`${account.id}/${region}`, `arn:aws:kms:${region}:${account.id}:key/${keyRng.uuid()}`);
    }
    this.kmsKeys.set("fallback", `arn:aws:kms:us-east-1:000000000000:key/${keyRng.uuid()}`);
  }

  next(): GeneratedRecord {
    const op =
      this.largeRecords && this.rng.chance(LARGE_SHARE) ? this.pickLarge(this.rng) : this.pickOperation(this.rng);
    const placed = this.pickPlace(this.rng);
    const account: Account = placed.account;
    const region: Region = op.global ? GLOBAL_SERVICE_REGION : placed.region;
    const roster = this.rosters.get(account.id);
    if (!roster) throw new Error(`no roster for ${account.id}`);
    const nowMs = this.clock.nowMs;
    const ctx: NoiseContext = {
      rng: this.rng,
      roster,
      account,
      region,
      nowMs,
      kmsKeyArn: this.kmsKeys.get(`${account.id}/${region}`) ?? this.kmsKeys.get("fallback") ?? "",
    };
    const call = op.build(ctx);
    const principal = call.actor;
    const actor = principal.act(this.rng, {
      service: sdkServiceId(op.eventSource),
      eventName: op.eventName,
      timeMs: nowMs,
    });
    const service = op.eventSource.replace(/\.amazonaws\.com$/, "");
    // Some event names carry the API version (Lambda: ListFunctions20150331v2); the IAM action does not.
    const action = op.eventName.replace(/\d{8}(v\d+)?$/, "");
    const denied =
      !call.error && !op.global && actor.userIdentity.type !== "AWSService" && this.rng.chance(DENIED_RATE)
        ? {
            code: service === "ec2" ? "Client.UnauthorizedOperation" : "AccessDenied",
            message:
              `User: ${principal.arn(nowMs)} is not authorized to perform: ${service}:${action} ` +
              `because no identity-based policy allows the ${service}:${action} action`,
          }
        : undefined;
    const record = buildRecord(this.rng, {
      timeMs: nowMs,
      eventSource: op.eventSource,
      eventName: op.eventName,
      region,
      recipientAccountId: account.id,
      actor,
      requestParameters: call.requestParameters,
      responseElements: call.responseElements,
      readOnly: op.readOnly,
      error: call.error ?? denied,
      additionalEventData: call.additionalEventData,
      resources: call.resources,
      eventType: call.eventType,
      requestIdStyle: call.requestIdStyle,
      apiVersion: call.apiVersion,
      sharedEventID: call.sharedEventID,
      host: call.host,
    });
    return { record, accountId: account.id, region, timeMs: nowMs };
  }
}
