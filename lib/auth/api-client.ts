import { z } from "zod";
import { fetchJson } from "@/lib/api/fetch-json";
import {
  auditListSchema,
  createdShareLinkSchema,
  createdTokenSchema,
  createdUserSchema,
  shareLinkListSchema,
  tokenListSchema,
  userListSchema,
} from "./schemas";
import { apiTokenUrl, shareLinkApiUrl, userApiUrl } from "./urls";
import type { Role } from "./roles";

// The browser's calls to the tokens, share-links and users APIs, with their react-query keys.

export const authKeys = {
  tokens: () => ["auth", "tokens"] as const,
  shareLinks: () => ["auth", "share-links"] as const,
  users: () => ["auth", "users"] as const,
  audit: () => ["auth", "audit"] as const,
};

export const fetchTokens = (signal?: AbortSignal) => fetchJson("/api/tokens", tokenListSchema, { signal });
export const createToken = (json: { name: string; role?: Role; expiresInDays?: number }) =>
  fetchJson("/api/tokens", createdTokenSchema, { method: "POST", json });
export const revokeToken = (id: string) => fetchJson(apiTokenUrl(id), z.null(), { method: "DELETE" });

export const fetchShareLinks = (signal?: AbortSignal) => fetchJson("/api/share-links", shareLinkListSchema, { signal });
export const createShareLink = (eventId: string) =>
  fetchJson("/api/share-links", createdShareLinkSchema, { method: "POST", json: { eventId } });
export const revokeShareLink = (id: string) => fetchJson(shareLinkApiUrl(id), z.null(), { method: "DELETE" });

export const fetchUsers = (signal?: AbortSignal) => fetchJson("/api/users", userListSchema, { signal });
export const createUserRequest = (json: { email: string; role: Role; password?: string }) =>
  fetchJson("/api/users", createdUserSchema, { method: "POST", json });
export const updateUserRequest = (id: string, json: { role?: Role; disabled?: boolean; password?: string }) =>
  fetchJson(userApiUrl(id), z.unknown(), { method: "PATCH", json });

export const fetchAudit = (signal?: AbortSignal) => fetchJson("/api/audit", auditListSchema, { signal });
