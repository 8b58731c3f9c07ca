import { Writable } from 'node:stream';

/** A writable that keeps what is written, for tests of CLI output. */
export function captureOutput() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}
