import "server-only";

// The resources domain's database entry points, for pages, API routes, tests and the query
// benchmark (scripts/bench/queries.ts). Each takes the Prisma client to use.
export { listResources } from "./list-queries";
export { loadResourcePage, loadTimelinePage, TIMELINE_PAGE_SIZE } from "./resource-page";
export { accountWideReads } from "./account-reads";
export { findResource, timelineEvents } from "./timeline-queries";
