import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';

/**
 * A refusal sent before the request body was read (413, 415, a multipart upload stopped midway)
 * says `Connection: close`: Node would otherwise keep the socket alive while @hono/node-server
 * gives up draining the unread body after 500 ms and drops it, and a keep-alive client's next
 * request on that socket fails. With the header the client opens a new connection instead.
 */
export const closeAfterUnreadBody: MiddlewareHandler = async function closeAfterUnreadBody(c, next) {
  await next();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || incoming.readableEnded) return;
  const declared = incoming.headers['content-length'];
  const hasBody =
    incoming.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared !== '0');
  if (hasBody) c.res.headers.set('Connection', 'close');
};
