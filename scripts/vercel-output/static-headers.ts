/**
 * The headers of the admin page's files (`/admin`, `/admin/*`), the same from the local server
 * (dev/local-server/request-router.ts) and from Vercel (a Build Output route,
 * scripts/build-vercel-output.ts): a strict Content-Security-Policy — the page's own scripts
 * and styles only, nothing inline, no third-party origin, no framing.
 */
export const ADMIN_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const ADMIN_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': ADMIN_PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The path pattern of the admin page's files, as a Build Output route `src`. */
export const ADMIN_PAGE_SRC = '^/admin(?:/.*)?$';

/** Extra headers for the public file served at `pathname`. */
export function publicFileHeaders(pathname: string): Readonly<Record<string, string>> {
  return new RegExp(ADMIN_PAGE_SRC).test(pathname) ? ADMIN_PAGE_HEADERS : {};
}

/** Build Output routes that add those headers and go on matching (they come before `filesystem`). */
export function headerRoutes(): { src: string; headers: Record<string, string>; continue: true }[] {
  return [{ src: ADMIN_PAGE_SRC, headers: { ...ADMIN_PAGE_HEADERS }, continue: true }];
}
