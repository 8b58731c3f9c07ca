/**
 * A typed hook one module offers the others, e.g. the tips module's `TIP_VIEW` (what the reporter
 * sees of a tip) or the metrics module's `METRICS_SECTIONS`. The offering module declares the
 * point beside its own code; other modules contribute to it in their `ServerModule` entry
 * (`contributes`), and the composition root hands the offering module what was contributed.
 * Nothing registers itself when a file is imported.
 */
export interface ExtensionPoint<T> {
  readonly name: string;
  /** Never set: carries the contribution type. */
  readonly contributionType?: T;
}

export function extensionPoint<T>(name: string): ExtensionPoint<T> {
  return { name };
}

/** One module's contribution to one extension point. */
export interface Contribution {
  readonly point: ExtensionPoint<unknown>;
  readonly value: unknown;
}

export function contribution<T>(point: ExtensionPoint<T>, value: T): Contribution {
  return { point, value };
}

/** What every module contributed, in the order of the modules list. */
export interface Extensions {
  of<T>(point: ExtensionPoint<T>): readonly T[];
}

export function collectExtensions(contributions: readonly Contribution[]): Extensions {
  const byPoint = new Map<ExtensionPoint<unknown>, unknown[]>();
  for (const { point, value } of contributions) {
    byPoint.set(point, [...(byPoint.get(point) ?? []), value]);
  }
  return {
    of: <T>(point: ExtensionPoint<T>) => (byPoint.get(point) ?? []) as readonly T[],
  };
}
