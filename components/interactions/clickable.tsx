import Link from "next/link";
import type { ReactNode } from "react";
import { middleTruncate } from "@/lib/domain/wording";
import styles from "./list.module.css";

export { styles as listStyles };

/** The row's link: it covers the whole row, so a click anywhere opens it and the keyboard reaches it with Tab. */
export function RowLink({ href, children, label }: { href: string; children: ReactNode; label?: string }) {
  return <Link href={href} className={styles.cover} aria-label={label}>{children}</Link>;
}

/** A long label cut in the middle so rows that share a start still show what tells them apart; the full text is its title. */
export function MiddleText({ text, max = 64 }: { text: string; max?: number }) {
  const shown = middleTruncate(text, max);
  return shown === text ? <span>{text}</span> : <span title={text}>{shown}</span>;
}
