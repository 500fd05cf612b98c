import Link from "next/link";
import type { ComponentPropsWithRef } from "react";
import { cx } from "./class-names";

// Buttons, and links that look like them. The small size takes the text size of its
// surroundings (a toolbar's text-sm, a form's text-xs).

const VARIANT = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-500",
  secondary: "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
  danger: "border border-rose-300 bg-white text-rose-700 hover:bg-rose-50",
  dark: "bg-slate-800 text-white hover:bg-slate-700",
} as const;

const SIZE = { sm: "px-2 py-1", md: "px-3 py-1.5 text-sm", lg: "px-4 py-2 text-sm" } as const;

export interface ButtonStyle {
  variant?: keyof typeof VARIANT;
  size?: keyof typeof SIZE;
}

export function buttonClasses({ variant = "secondary", size = "md" }: ButtonStyle = {}): string {
  return cx("rounded-md font-medium disabled:cursor-not-allowed disabled:opacity-50", VARIANT[variant], SIZE[size]);
}

export function Button({
  variant,
  size,
  className,
  type = "button",
  ...props
}: ComponentPropsWithRef<"button"> & ButtonStyle) {
  return <button type={type} className={cx(buttonClasses({ variant, size }), className)} {...props} />;
}

export function ButtonLink({ variant, size, className, ...props }: ComponentPropsWithRef<typeof Link> & ButtonStyle) {
  return <Link className={cx(buttonClasses({ variant, size }), className)} {...props} />;
}
