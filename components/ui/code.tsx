import type { ComponentPropsWithoutRef } from "react";
import { cx } from "./class-names";

/** A command, a path or an identifier inside a sentence. */
export function Code({ className, ...props }: ComponentPropsWithoutRef<"code">) {
  return <code className={cx("rounded bg-slate-100 px-1", className)} {...props} />;
}
