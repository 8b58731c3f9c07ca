/**
 * The nonce the server put into index.html's `<meta name="csp-nonce">` for this response; antd
 * stamps it on the style tags it inserts, so `style-src` needs no 'unsafe-inline'. The Vite dev
 * server leaves the placeholder, and then there is no nonce (and no strict CSP).
 */
export function readCspNonce(doc: Document = document): string | undefined {
  const content = doc.querySelector('meta[name="csp-nonce"]')?.getAttribute('content') ?? '';
  return content === '' || content.startsWith('__') ? undefined : content;
}

/**
 * Gives every `<style>` element the page's scripts create the nonce, for libraries that insert
 * one without asking (rc-util measures a table's scrollbar with a nonce-less `<style>` on every
 * table mount, which the CSP refuses). Page scripts can read the nonce from the meta tag anyway
 * (antd does): this grants no script anything it could not do, and keeps `'unsafe-inline'` out.
 */
export function stampNonceOnCreatedStyles(nonce: string, doc: Document = document): void {
  const createElement = doc.createElement.bind(doc);
  doc.createElement = ((tagName: string, options?: ElementCreationOptions) => {
    const element = createElement(tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  }) as Document['createElement'];
}
