// JSON value types for building records. `undefined` members are allowed on purpose: they let
// builders write optional fields inline (`errorCode: failed ? code : undefined`) and
// JSON.stringify drops them, keeping CloudTrail's field order for the fields that are present.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json | undefined;
}

/** One CloudTrail record as written inside `{"Records":[...]}`. */
export type CloudTrailRecord = JsonObject;
