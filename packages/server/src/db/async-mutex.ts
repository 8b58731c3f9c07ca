/** A first-come, first-served async lock. */
export class AsyncMutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work, work);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Takes the lock until the returned release is called: for a hold that spans several calls. */
  acquire(): Promise<() => void> {
    return new Promise((granted) => {
      void this.run(() => new Promise<void>((release) => granted(release)));
    });
  }
}
