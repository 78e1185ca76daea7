import PQueue from 'p-queue';
import { classifyGoogleError, GoogleFailure } from './failure.js';
import type { GoogleOptions } from './options.js';

/** Options every googleapis call gets: our timeout, and gaxios' own retry off so ours governs. */
type CallOptions = { readonly timeout: number; readonly retry: false };

export type RequestQueueDeps = {
  /** Waits between attempts (tests may shorten time). */
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1, for jitter. */
  random?: () => number;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Delay before attempt `attempt + 1`: exponential with "equal jitter" (half fixed, half random), so
 * many sources failing together do not retry in lock-step; a Retry-After from Google is a floor.
 * Undefined when Google asks for a longer wait than we are willing to make.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: GoogleOptions['retry'],
  random: () => number = Math.random,
): number | undefined {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  if (retryAfterMs === undefined) return Math.round(jittered);
  if (retryAfterMs > policy.maxRetryAfterMs) return undefined;
  // A little jitter on top of Retry-After too, so a burst of 429s does not come back at one instant.
  return Math.round(retryAfterMs + random() * Math.min(policy.baseDelayMs, 1000));
}

/**
 * The one gate every Google request passes: a p-queue that caps requests in flight and requests
 * started in any rolling window (strict mode), and a retry loop around it. Each attempt re-enters
 * the queue, so retries count against the quota like any request; the back-off sleep happens
 * outside the queue and holds no slot.
 */
export class GoogleRequestQueue {
  readonly queue: PQueue;
  readonly options: Pick<GoogleOptions, 'retry' | 'timeoutMs'>;
  readonly callOptions: CallOptions;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: Pick<GoogleOptions, 'quota' | 'retry' | 'timeoutMs'>, deps: RequestQueueDeps = {}) {
    this.queue = new PQueue({
      concurrency: options.quota.concurrency,
      intervalCap: options.quota.requests,
      interval: options.quota.intervalMs,
      strict: true,
    });
    this.options = options;
    this.callOptions = { timeout: options.timeoutMs, retry: false };
    this.sleep = deps.sleep ?? defaultSleep;
    this.random = deps.random ?? Math.random;
  }

  /** Runs one API call with retries; resolves to the response data or throws a GoogleFailure. */
  async call<T>(send: (options: CallOptions) => Promise<{ data: T }>): Promise<T> {
    const { attempts } = this.options.retry;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.queue.add(() => send(this.callOptions));
        return response.data;
      } catch (error) {
        const problem = classifyGoogleError(error, this.options.timeoutMs);
        if (!problem.retryable || attempt >= attempts) throw new GoogleFailure(problem, attempt);
        const delay = retryDelay(attempt, problem.retryAfterMs, this.options.retry, this.random);
        if (delay === undefined) throw new GoogleFailure({ ...problem, retryable: false }, attempt);
        await this.sleep(delay);
      }
    }
  }
}
