"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import type { Role } from "@/lib/domain/roles";
import { labelOf } from "@/lib/schemas/labels";
import type { NavItem } from "./nav";

export function Sidebar({ items, email, role }: { items: NavItem[]; email: string; role: Role }) {
  const pathname = usePathname();
  const sections = [...new Set(items.map((item) => item.section))];
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        Re<span>medy</span>
      </div>
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
    </nav>
  );
}
