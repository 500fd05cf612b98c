import type { ComponentPropsWithoutRef, ComponentPropsWithRef } from "react";
import { cx } from "./class-names";

// The white box every panel of the app sits in. Padding and shadow are props, not class
// overrides: two padding classes on one element would leave the winner to CSS order.

const PADDING = { none: "", sm: "p-3", md: "p-4", lg: "p-5" } as const;

export interface CardStyle {
  padding?: keyof typeof PADDING;
  /** Without the shadow: boxes inside a page region rather than on it. */
  flat?: boolean;
}

export function cardClasses({ padding = "md", flat = false }: CardStyle = {}): string {
  return cx("rounded-lg border border-slate-200 bg-white", PADDING[padding], !flat && "shadow-sm");
}

type CardProps = ComponentPropsWithoutRef<"section"> & CardStyle & { as?: "section" | "div" | "details" | "p" };

export function Card({ as: Tag = "section", padding, flat, className, ...props }: CardProps) {
  return <Tag className={cx(cardClasses({ padding, flat }), className)} {...props} />;
}

const LABEL_SIZE = { sm: "text-sm", xs: "text-xs" } as const;

/** The small upper-case heading of a card or of a group inside one ("WHO", "RELATED EVENTS"). */
export function SectionLabel({
  as: Tag = "h2",
  size = "sm",
  className,
  ...props
}: ComponentPropsWithRef<"h2"> & { as?: "h2" | "h3"; size?: keyof typeof LABEL_SIZE }) {
  return (
    <Tag
      className={cx(LABEL_SIZE[size], "font-semibold uppercase tracking-wide text-slate-500", className)}
      {...props}
    />
  );
}
