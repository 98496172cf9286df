/**
 * Where to send someone after sign-in: only a path on this site. An open redirect would make a
 * link to Remedy's sign-in page a phishing aid.
 *
 *   afterSignInPath("/review?agent=a")      // "/review?agent=a"
 *   afterSignInPath("/\\evil.example/x")    // "/": browsers read "/\" as "//", another host
 *   afterSignInPath("/\t/evil.example")     // "/": browsers drop tabs and newlines from URLs
 *
 * Browsers turn backslashes into slashes and drop tabs and newlines before they resolve a URL,
 * so a path holding any of them, any other control character, or starting with "//" is refused
 * outright rather than cleaned; what remains is resolved against a placeholder origin and kept
 * only if it stays there.
 */
const ORIGIN = "http://remedy.invalid";
const REFUSED = /[\u0000-\u001f\u007f\\]/;

export function sameOriginPath(value: string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || REFUSED.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return fallback;
  }
  return url.origin === ORIGIN ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

/** The sign-in page's `callbackUrl`: a same-origin path, and not the sign-in page itself, which would go round in circles. */
export function afterSignInPath(value: string | null | undefined): string {
  const path = sameOriginPath(value);
  return path === "/signin" || path.startsWith("/signin?") || path.startsWith("/signin/") ? "/" : path;
}

/**
 * next-auth's redirect rule: a path on this site, or an absolute URL on `baseUrl`'s origin,
 * made absolute on `baseUrl`; anything else goes to `baseUrl`.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let path: string | null = null;
  if (url.startsWith("/")) {
    path = url;
  } else {
    try {
      const absolute = new URL(url);
      if (absolute.origin === base.origin && !REFUSED.test(url)) path = `${absolute.pathname}${absolute.search}${absolute.hash}`;
    } catch {
      path = null;
    }
  }
  const safe = sameOriginPath(path, "/");
  return `${base.origin}${safe}`;
}
