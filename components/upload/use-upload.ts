"use client";

import { useSyncExternalStore } from "react";
import { uploadStore, type UploadState } from "./upload-store";

/** The tab's upload, re-rendered at most once a frame while it progresses. */
export function useUpload(): UploadState {
  return useSyncExternalStore(uploadStore.subscribe, uploadStore.getSnapshot, uploadStore.getServerSnapshot);
}
