"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import type { Role } from "@/lib/domain/roles";
import { labelOf } from "@/lib/schemas/labels";
import type { NavItem } from "./nav";

/**
 * The console's navigation: a column beside the page on wide screens; on narrow ones a bar
 * whose Menu button opens the links (Escape closes them, and following a link does too).
 */
export function Sidebar({ items, email, role }: { items: NavItem[]; email: string; role: Role }) {
  const pathname = usePathname();
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  // Open only on the page where it was opened: following a link closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const sections = [...new Set(items.map((item) => item.section))];

  function closeOnEscape(event: KeyboardEvent) {
    if (event.key !== "Escape" || !open) return;
    setOpenOn(null);
    button.current?.focus();
  }

  return (
    <nav className="sidebar" aria-label="Main" onKeyDown={closeOnEscape}>
      <div className="sidebar-bar">
        <div className="brand">
          Re<span>medy</span>
        </div>
        <button ref={button} type="button" className="menu-button" aria-expanded={open} aria-controls={menuId} onClick={() => setOpenOn(open ? null : pathname)}>
          <span aria-hidden="true">{open ? "✕" : "☰"}</span> Menu
        </button>
      </div>
      <div className="sidebar-menu" id={menuId} data-open={open}>
        {sections.map((section) => (
          <div key={section}>
            <div className="nav-section">{section}</div>
            {items
              .filter((item) => item.section === section)
              .map((item) => (
                <Link
                  key={item.href}
                  href={item.href}
                  className="nav-link"
                  aria-current={pathname === item.href || pathname.startsWith(`${item.href}/`) ? "page" : undefined}
                >
                  {item.label}
                </Link>
              ))}
          </div>
        ))}
        <div className="sidebar-foot">
          <div className="who" title={email}>{email}</div>
          <div className="role">{labelOf("role", role)}</div>
          <Link href="/account">Account</Link>
          <button type="button" onClick={() => signOut({ callbackUrl: "/signin" })}>
            Sign out
          </button>
        </div>
      </div>
    </nav>
  );
}
