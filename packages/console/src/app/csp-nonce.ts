/**
 * The nonce the server put into index.html's `<meta name="csp-nonce">` for this response; antd
 * stamps it on the style tags it inserts, so `style-src` needs no 'unsafe-inline'. The Vite dev
 * server leaves the placeholder, and then there is no nonce (and no strict CSP).
 */
export function readCspNonce(doc: Document = document): string | undefined {
  const content = doc.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
  return content === '' || content.startsWith('__') ? undefined : content;
}
