// Other services' records much larger than the usual few KB, for `npm run corpus -- --large-records`:
// EC2 RunInstances launching a fleet, whose response lists every instance (20–60 KB a record, as
// auto-scaling and batch launches write them). They stress the reader where most of the bytes
// belong to records it throws away.

import { COMPUTE_OPERATIONS } from "./noise-compute";
import type { JsonObject } from "./json";
import { ec2Id, type NoiseOperation } from "./noise-types";

const runInstances = COMPUTE_OPERATIONS.find((op) => op.eventName === "RunInstances")!;

export const LARGE_OPERATIONS: NoiseOperation[] = [
  {
    ...runInstances,
    weight: 1,
    build(ctx) {
      const call = runInstances.build(ctx);
      const response = call.responseElements as JsonObject & { instancesSet: { items: JsonObject[] } };
      const template = response.instancesSet.items[0]!;
      const count = ctx.rng.between(12, 40);
      const items = Array.from({ length: count }, (_, i) => ({
        ...template,
        instanceId: ec2Id(ctx.rng, "i"),
        amiLaunchIndex: i,
        privateIpAddress: `10.20.${ctx.rng.int(64)}.${ctx.rng.between(4, 250)}`,
        tagSet: {
          items: [
            { key: "Name", value: `batch-worker-${ctx.rng.hex(6)}` },
            { key: "aws:autoscaling:groupName", value: `batch-fleet-${ctx.rng.hex(4)}` },
            { key: "aws:ec2launchtemplate:id", value: ec2Id(ctx.rng, "lt") },
          ],
        },
      }));
      return {
        ...call,
        requestParameters: {
          ...call.requestParameters,
          instancesSet: { items: [{ minCount: count, maxCount: count }] },
        },
        responseElements: { ...response, instancesSet: { items } },
      };
    },
  },
];
