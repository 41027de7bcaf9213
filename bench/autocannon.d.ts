// The few autocannon (8.x) options and result fields bench/load.ts uses; the package ships no types.
declare module 'autocannon' {
  type Histogram = { p50: number; p99: number; average: number; max: number };
  export type Result = {
    requests: Histogram & { total: number; sent: number };
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
  };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    /** Total requests to send (instead of a duration). */
    amount?: number;
    timeout?: number;
    requests?: { method?: string; path?: string; setupRequest?: (req: { path?: string }) => { path?: string } }[];
  };
  export default function autocannon(options: Options): Promise<Result>;
}
