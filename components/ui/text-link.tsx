import Link from "next/link";
import type { ComponentPropsWithRef } from "react";
import { cx } from "./class-names";

/** How an in-app link looks; also for buttons and summaries that act like one ("Clear filters"). */
export const textLinkClasses = "text-indigo-700 hover:underline";

/** An in-app link inside text or beside a value. */
export function TextLink({ className, ...props }: ComponentPropsWithRef<typeof Link>) {
  return <Link className={cx(textLinkClasses, className)} {...props} />;
}
