import { formatSize } from "@/lib/format/numbers";
import type { FileResult, LiveUploadSnapshot, UploadEvent, UploadResult } from "@/lib/ingest/upload-schemas";
import type { PickedFile } from "./picked-files";
import { fetchLiveUpload, newUploadId, sendUpload, type SendEnd, type SendHandle } from "./send-upload";

// The upload page's state, kept outside React on purpose: it lives as long as the browser tab,
// so leaving /upload for another page of the dashboard does not stop a running upload, and
// coming back shows it where it is. (Closing the tab does stop it: the server then records
// what finished and marks the rest not ingested; the page asks before letting the tab go.)

export type FilePhase =
  /** Waiting for "Upload". */
  | "queued"
  /** Over the server's limit for one file: not sent. */
  | "too-large"
  /** In the request: being sent and read by the server. */
  | "sending"
  /** The server's result is in `result`. */
  | "done"
  /** The request ended before the server finished it (cancelled, connection lost). */
  | "not-ingested";

export interface QueuedFile {
  id: number;
  /** The name the server records: path inside a dropped folder, or the file name. */
  name: string;
  size: number;
  blob: Blob;
  pasted: boolean;
  phase: FilePhase;
  /** Bytes of the file sent so far (estimated from the request's progress). */
  sent: number;
  /** Bytes of the file the server has read (and ingested). */
  read: number;
  /** The server has begun to read it. */
  started: boolean;
  result: FileResult | null;
  /** Why a file was not sent or not ingested, said by the page itself. */
  message: string | null;
}

export type UploadEnding = SendEnd["kind"];

export interface UploadState {
  /** finishing: the request ended early (cancelled, lost); waiting for the server to close the run. */
  status: "editing" | "sending" | "finishing" | "finished";
  files: QueuedFile[];
  runId: string | null;
  result: UploadResult | null;
  ending: UploadEnding | null;
  /** What went wrong with the request as a whole, in plain words. */
  error: string | null;
  maxFileBytes: number;
}

const initialState: UploadState = {
  status: "editing",
  files: [],
  runId: null,
  result: null,
  ending: null,
  error: null,
  maxFileBytes: Infinity,
};

/** Multipart headers of one part, roughly: boundary, Content-Disposition with the name, Content-Type. */
const PART_OVERHEAD_BYTES = 160;
const POLL_INTERVAL_MS = 1000;
/** After a cancel, how long to wait for the server to report the run closed. */
const CLOSE_WAIT_MS = 15_000;

export function createUploadStore() {
  let state = initialState;
  const listeners = new Set<() => void>();
  let nextId = 1;
  let pasteCount = 0;
  let handle: SendHandle | null = null;
  /** Files of the request in flight, in part order: the server's file index is the position here. */
  let inFlight: number[] = [];
  let ranges: { start: number; overhead: number; size: number }[] = [];
  let scheduled = false;
  let uploadId = "";
  let polling: ReturnType<typeof setTimeout> | null = null;

  const notify = () => {
    if (scheduled) return;
    scheduled = true;
    // Progress arrives many times a second: repaint at most once a frame (or soon, in a background tab).
    const flush = () => {
      scheduled = false;
      for (const l of listeners) l();
    };
    if (typeof requestAnimationFrame === "function" && document.visibilityState === "visible")
      requestAnimationFrame(flush);
    else setTimeout(flush, 100);
  };
  const set = (next: Partial<UploadState>) => {
    state = { ...state, ...next };
    notify();
  };
  const updateFiles = (update: (f: QueuedFile) => QueuedFile) => set({ files: state.files.map(update) });
  const updateIndex = (index: number, update: (f: QueuedFile) => QueuedFile) => {
    const id = inFlight[index];
    if (id !== undefined) updateFiles((f) => (f.id === id ? update(f) : f));
  };

  const queue = (name: string, blob: Blob, pasted: boolean): QueuedFile => {
    const tooLarge = blob.size > state.maxFileBytes;
    return {
      id: nextId++,
      name,
      size: blob.size,
      blob,
      pasted,
      phase: tooLarge ? "too-large" : "queued",
      sent: 0,
      read: 0,
      started: false,
      result: null,
      message: tooLarge ? `Larger than the ${formatSize(state.maxFileBytes)} limit for one file — not sent.` : null,
    };
  };

  const onEvent = (event: UploadEvent) => {
    switch (event.type) {
      case "run":
        set({ runId: event.runId });
        break;
      case "file-start":
        updateIndex(event.index, (f) => ({ ...f, started: true }));
        break;
      case "file-progress":
        updateIndex(event.index, (f) => ({ ...f, started: true, read: Math.min(event.bytes, f.size) }));
        break;
      case "file-done":
        applyResult(event.file);
        break;
      case "done":
        set({ result: event.result, error: event.httpStatus === 200 ? null : (event.error?.message ?? null) });
        break;
    }
  };

  const applyResult = (file: FileResult) =>
    updateIndex(file.index, (f) =>
      f.result ? f : { ...f, phase: "done", started: true, sent: f.size, read: f.size, result: file },
    );

  /** What the progress endpoint says: files the server has begun or finished, and the end. */
  const applySnapshot = (snapshot: LiveUploadSnapshot) => {
    if (snapshot.runId && !state.runId) set({ runId: snapshot.runId });
    for (const f of snapshot.files) {
      if (!f) continue;
      if (f.result) applyResult(f.result);
      else
        updateIndex(f.index, (q) =>
          q.phase !== "sending" || q.read >= f.bytes ? q : { ...q, started: true, read: Math.min(f.bytes, q.size) },
        );
    }
    if (snapshot.done) {
      for (const file of snapshot.done.result?.files ?? []) applyResult(file);
      set({
        result: snapshot.done.result,
        error: snapshot.done.httpStatus === 200 ? null : (snapshot.done.error?.message ?? null),
      });
    }
  };
  const poll = () => {
    polling = setTimeout(async () => {
      const snapshot = await fetchLiveUpload(uploadId).catch(() => null);
      if (snapshot) applySnapshot(snapshot);
      if (polling !== null && state.status === "sending") poll();
    }, POLL_INTERVAL_MS);
  };
  const stopPolling = () => {
    if (polling !== null) clearTimeout(polling);
    polling = null;
  };
  /** After the request ended early: the server closes the run on its own; wait for its word. */
  const awaitServerClose = async () => {
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (Date.now() < deadline) {
      const snapshot = await fetchLiveUpload(uploadId).catch(() => null);
      if (snapshot) applySnapshot(snapshot);
      if (!snapshot || snapshot.done) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  /** Which bytes of the request are which file's: our estimate of the parts, scaled to the real total. */
  const onUploadProgress = (loaded: number, total: number) => {
    const last = ranges.at(-1);
    const estimated = last ? last.start + last.overhead + last.size + PART_OVERHEAD_BYTES : 0;
    const position = total > 0 && estimated > 0 ? loaded * (estimated / total) : loaded;
    const sent = new Map<number, number>();
    inFlight.forEach((id, i) => {
      const r = ranges[i]!;
      sent.set(id, Math.max(0, Math.min(r.size, position - r.start - r.overhead)));
    });
    updateFiles((f) => {
      const s = sent.get(f.id);
      return s === undefined || f.phase !== "sending" || s === f.sent ? f : { ...f, sent: s };
    });
  };

  const end = async (ending: SendEnd) => {
    handle = null;
    stopPolling();
    if (ending.kind === "cancelled" || ending.kind === "network-error") {
      set({ status: "finishing", ending: ending.kind });
      await awaitServerClose();
    }
    const why: Record<Exclude<UploadEnding, "done">, [string, string]> = {
      cancelled: [
        "Cancelled while the server was reading it — not ingested.",
        "Cancelled before the server received it — not ingested.",
      ],
      "network-error": [
        "The connection was lost while the server was reading it — not ingested.",
        "The connection was lost before the server received it — not ingested.",
      ],
      refused: ["Not ingested: the server refused the upload.", "Not ingested: the server refused the upload."],
    };
    const [whileReading, beforeSending] = ending.kind === "done" ? why["network-error"] : why[ending.kind];
    updateFiles((f) =>
      f.phase === "sending" ? { ...f, phase: "not-ingested", message: f.started ? whileReading : beforeSending } : f,
    );
    const error =
      ending.kind === "refused"
        ? ending.message
        : ending.kind === "network-error"
          ? "The connection to the server was lost. What finished is stored; the rest was not ingested."
          : ending.kind === "cancelled"
            ? null
            : state.error;
    set({ status: "finished", ending: ending.kind, error });
    inFlight = [];
    ranges = [];
    window.removeEventListener("beforeunload", warnBeforeUnload);
  };

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    getServerSnapshot: () => initialState,

    /** The server's limit, known to the page: larger files are refused before sending them. */
    configure(maxFileBytes: number) {
      if (state.maxFileBytes !== maxFileBytes) set({ maxFileBytes });
    },
    add(picked: PickedFile[]) {
      if (state.status !== "editing") return;
      const known = new Set(state.files.map((f) => `${f.name}\u0000${f.size}`));
      const added = picked
        .filter((p) => !known.has(`${p.path}\u0000${p.file.size}`))
        .map((p) => queue(p.path, p.file, false));
      if (added.length) set({ files: [...state.files, ...added] });
    },
    addPaste(text: string) {
      if (state.status !== "editing" || !text.trim()) return;
      pasteCount++;
      const blob = new Blob([text], { type: "application/json" });
      set({ files: [...state.files, queue(`pasted-records-${pasteCount}.json`, blob, true)] });
    },
    remove(id: number) {
      if (state.status === "editing") set({ files: state.files.filter((f) => f.id !== id) });
    },
    /** Back to an empty form (after a finished upload, or to drop the queue). */
    reset() {
      if (state.status === "sending" || state.status === "finishing") return;
      set({ ...initialState, maxFileBytes: state.maxFileBytes });
    },
    start() {
      if (state.status !== "editing") return;
      const sending = state.files.filter((f) => f.phase === "queued");
      if (sending.length === 0) return;
      inFlight = sending.map((f) => f.id);
      let offset = 0;
      ranges = sending.map((f) => {
        const overhead = PART_OVERHEAD_BYTES + new TextEncoder().encode(f.name).length;
        const range = { start: offset, overhead, size: f.size };
        offset += overhead + f.size;
        return range;
      });
      set({
        status: "sending",
        runId: null,
        result: null,
        error: null,
        ending: null,
        files: state.files.map((f) => (f.phase === "queued" ? { ...f, phase: "sending" } : f)),
      });
      window.addEventListener("beforeunload", warnBeforeUnload);
      uploadId = newUploadId();
      handle = sendUpload(
        uploadId,
        sending.map((f) => ({ name: f.name, blob: f.blob })),
        { onUploadProgress, onEvent },
      );
      poll();
      void handle.ended.then(end);
    },
    cancel() {
      handle?.cancel();
    },
  };
}

function warnBeforeUnload(event: BeforeUnloadEvent) {
  event.preventDefault();
}

export type UploadStore = ReturnType<typeof createUploadStore>;

/** The one store of the tab (module state survives client-side navigation). */
export const uploadStore = createUploadStore();
