/**
 * A tool call made while a user waits (writing a bug to its run, reading the failing step): bounded in time.
 */
import { ConnectorError } from '../connectors/types';

const inWords = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

/**
 * `work`, or a NETWORK ConnectorError "<label> did not answer within 4 s" once `ms` have passed (a request still under
 * way is left to end on its own).
 */
export async function within<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectorError('NETWORK', `${label} did not answer within ${inWords(ms)}`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
