// Global datastores: a primary replication group, the global group (whose full id, with the
// prefix AWS adds, appears only in the response), a secondary in another region, modify,
// failover, then teardown in the order AWS requires.

import { REGIONS, regionWeight, type Region } from "./accounts";
import { createReplicationGroup, deleteReplicationGroup } from "./elasticache-lifecycle-replication";
import { globalDatastoreArn } from "./elasticache-shapes";
import { globalDatastoreResponse, type GlobalDatastoreState } from "./elasticache-shapes-newer";
import { NODE_TYPES, type Lifecycle, type LifecycleContext } from "./elasticache-steps";

export function* globalDatastoreLifecycle(ctx: LifecycleContext): Lifecycle {
  const { rng, place: primaryPlace } = ctx;
  const others = REGIONS.filter((r) => r !== primaryPlace.region && regionWeight(primaryPlace.account, r) > 0);
  const secondaryRegion: Region =
    others.length > 0 ? rng.pick(others) : (REGIONS.find((r) => r !== primaryPlace.region) ?? "eu-west-1");
  const secondaryPlace = ctx.inventory.place(primaryPlace.account, secondaryRegion);

  const primary = createReplicationGroup(ctx, primaryPlace);
  primary.state.transitEncryption = true;
  yield primary.step;

  const suffix = primary.state.id.split("-")[0] ?? "global";
  const id = `${rng.chars("abcdefghijklmnopqrstuvwxyz", 5)}-${suffix}-global`;
  const arn = globalDatastoreArn(primaryPlace.account.id, id);
  const state: GlobalDatastoreState = {
    id,
    description: `Global ${suffix} datastore`,
    accountId: primaryPlace.account.id,
    engine: primary.state.engine,
    engineVersion: primary.state.engineVersion,
    nodeType: primary.state.nodeType,
    clusterMode: primary.state.clusterMode,
    members: [
      { replicationGroupId: primary.state.id, region: primaryPlace.region, role: "PRIMARY", status: "associating" },
    ],
  };
  yield {
    eventName: "CreateGlobalReplicationGroup",
    requestParameters: {
      globalReplicationGroupIdSuffix: `${suffix}-global`,
      globalReplicationGroupDescription: state.description,
      primaryReplicationGroupId: primary.state.id,
    },
    responseElements: globalDatastoreResponse(state, "creating"),
    resourceArn: arn,
  };
  primary.state.globalReplicationGroupId = id;
  primary.state.globalRole = "PRIMARY";

  const secondary = createReplicationGroup(ctx, secondaryPlace, { globalReplicationGroupId: id, like: primary.state });
  yield secondary.step;
  state.members = state.members.map((m) => ({ ...m, status: "associated" }));
  state.members.push({
    replicationGroupId: secondary.state.id,
    region: secondaryRegion,
    role: "SECONDARY",
    status: "associating",
  });
  yield {
    eventName: "DescribeGlobalReplicationGroups",
    requestParameters: { globalReplicationGroupId: id, showMemberInfo: true },
    responseElements: null,
    resourceArn: arn,
  };

  if (rng.chance(0.6)) {
    state.nodeType = rng.pick(NODE_TYPES.slice(5));
    yield {
      eventName: "ModifyGlobalReplicationGroup",
      requestParameters: { globalReplicationGroupId: id, applyImmediately: true, cacheNodeType: state.nodeType },
      responseElements: globalDatastoreResponse(state, "modifying"),
      resourceArn: arn,
    };
  }
  if (rng.chance(0.4)) {
    state.members = state.members.map((m) => ({
      ...m,
      role: m.role === "PRIMARY" ? "SECONDARY" : "PRIMARY",
      status: "associated",
    }));
    yield {
      eventName: "FailoverGlobalReplicationGroup",
      requestParameters: {
        globalReplicationGroupId: id,
        primaryRegion: secondaryRegion,
        primaryReplicationGroupId: secondary.state.id,
      },
      responseElements: globalDatastoreResponse(state, "modifying"),
      resourceArn: arn,
    };
  }
  if (rng.chance(0.35)) return;
  yield {
    eventName: "DisassociateGlobalReplicationGroup",
    requestParameters: {
      globalReplicationGroupId: id,
      replicationGroupId: secondary.state.id,
      replicationGroupRegion: secondaryRegion,
    },
    responseElements: globalDatastoreResponse(state, "modifying"),
    resourceArn: arn,
  };
  state.members = state.members.filter((m) => m.replicationGroupId !== secondary.state.id);
  yield deleteReplicationGroup(ctx, secondaryPlace, secondary.state);
  yield {
    eventName: "DeleteGlobalReplicationGroup",
    requestParameters: { globalReplicationGroupId: id, retainPrimaryReplicationGroup: true },
    responseElements: globalDatastoreResponse(state, "deleting"),
    resourceArn: arn,
  };
  if (rng.chance(0.5)) yield deleteReplicationGroup(ctx, primaryPlace, primary.state);
}
