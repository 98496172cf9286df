"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

/** Boxes that may scroll on their own: wide tables, code, fixed-width charts on a narrow screen. */
const SCROLLERS = ".table-wrap, table, pre, .code-block, .scroll-x";

/**
 * Makes every box on the page that scrolls by itself reachable from the keyboard (tab to it,
 * then the arrow keys scroll it), on every page of the console, whoever wrote the page: a
 * table scrolling inside its box is otherwise out of reach without a mouse.
 */
export function ScrollRegions() {
  const pathname = usePathname();
  useEffect(() => {
    const main = document.getElementById("main");
    if (!main) return;
    let frame = 0;
    const mark = () => {
      frame = 0;
      for (const box of Array.from(main.querySelectorAll<HTMLElement>(SCROLLERS))) {
        const style = getComputedStyle(box);
        const scrolls = (/auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth + 1)
          || (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight + 1);
        if (scrolls && !box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.dataset.scrollRegion = "";
        } else if (!scrolls && box.dataset.scrollRegion !== undefined) {
          box.removeAttribute("tabindex");
          delete box.dataset.scrollRegion;
        }
      }
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(mark);
    };
    mark();
    const observer = new MutationObserver(schedule);
    observer.observe(main, { childList: true, subtree: true });
    window.addEventListener("resize", schedule);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [pathname]);
  return null;
}
