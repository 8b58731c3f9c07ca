import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemError } from '../problem/problem-error.js';
import { PROBLEM_CONTENT_TYPE } from '../problem/problem-response.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Requests Node refuses before the app sees them (headers over `maxHeaderSize`, malformed HTTP,
 * a request that took too long to arrive) get a problem document too, instead of Node's bare
 * status line, and the connection is closed explicitly.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const problem = new ProblemError(status, {
      code: status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'malformed_request',
      title: REASONS[status],
      detail:
        status === 431
          ? 'The request headers are larger than this server accepts.'
          : status === 408
            ? 'The request did not arrive in time.'
            : 'The request is not valid HTTP.',
    });
    const requestId = randomUUID();
    const body = JSON.stringify(problem.toProblem(requestId));
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
