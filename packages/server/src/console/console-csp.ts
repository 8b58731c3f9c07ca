/**
 * The console's Content-Security-Policy: scripts, styles, fonts and images from this origin only,
 * no inline script at all, inline `<style>` only with this response's nonce (Ant Design writes its
 * CSS-in-JS styles with it), API calls to this origin only, and never framed.
 */
export function consoleContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self' blob:",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// The console needs no device features; deny them so no script can ask for any.
export const CONSOLE_PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), clipboard-read=()';
