import { addDays, daysBetween, streamId, type Day, type Stream } from "./layout";

// Which day folders a sync lists, pure. A day folder only receives files while its day lasts
// (the date is the delivery date), so once a listing has seen a day after it closed, periodic
// syncs skip it: they list from the day before the last listing onwards. A full listing (the
// first sync, a changed setting, once a day, every CLI run) lists every wanted day again, which
// is how an object replaced in an old folder (a new ETag) is still noticed.

/** How often a periodic sync lists every wanted day rather than the recent ones. */
export const FULL_LISTING_EVERY_MS = 24 * 3_600_000;

export interface StreamFilter {
  /** Empty: every account found. */
  accounts: readonly string[];
  /** Empty: every region found. */
  awsRegions: readonly string[];
}

export function wantedStreams(streams: readonly Stream[], filter: StreamFilter): Stream[] {
  return streams.filter(
    (s) =>
      (filter.accounts.length === 0 || filter.accounts.includes(s.account)) &&
      (filter.awsRegions.length === 0 || filter.awsRegions.includes(s.region)),
  );
}

export interface ListingState {
  /** Days before this one were listed after they closed, for the streams in `knownStreams`. */
  listedThrough: Day | null;
  knownStreams: readonly string[];
  fullListingAt: Date | null;
}

export function needsFullListing(state: ListingState, now: Date): boolean {
  return (
    state.listedThrough === null ||
    state.fullListingAt === null ||
    now.getTime() - state.fullListingAt.getTime() >= FULL_LISTING_EVERY_MS
  );
}

/**
 * The days of one stream to list: from `from` (the stream's first day when the source reads
 * everything) to `to`, minus the days an earlier listing already saw closed.
 */
export function daysToList(stream: Stream, range: { from: Day; to: Day }, state: ListingState, full: boolean): Day[] {
  const known = state.listedThrough !== null && state.knownStreams.includes(streamId(stream));
  const from = !full && known && state.listedThrough! > range.from ? state.listedThrough! : range.from;
  return daysBetween(from, range.to);
}

/** What the next incremental listing may skip once this one has finished: days before yesterday. */
export function listedThroughAfter(listingStarted: Date): Day {
  return addDays(listingStarted.toISOString().slice(0, 10), -1);
}
