/**
 * Groups within an event: the catalog's roles (control peers as their own group `control`, an
 * ad-hoc security's `group`), each with the portfolio tests on its own members, and the tests of
 * the difference between two groups' mean CARs (docs/conventions.md, "Groups and the difference
 * between two groups"). Reference: test/reference/intl_study.R, golden/intl-study.json.
 */
import { kpWelchT, pooledT, welchT, type DifferenceTest } from '../stats/group-difference.js';
import { groupVolume, type GroupVolume, type VolumeEvidence } from './abnormal-volume.js';
import type { Listing } from './listings.js';
import type { Window } from './params.js';
import { portfolio, type PortfolioCar, type PortfolioDay } from './portfolio.js';
import type { StudySecurityInput } from './resolve.js';
import type { SecurityEvidence } from './security-result.js';

export type StudyGroup = {
  name: string;
  /** Every requested member (SYMBOL@day0 ids, or the symbol when it has no day 0). */
  members: string[];
  /** The members studied: the group's portfolio. */
  ok: string[];
  n: number;
  benchmarks: string[];
  currencies: string[];
  day0: string[];
  /** Mixed currencies or calendars among the studied members, and how they are averaged. */
  note: string | null;
  rbar: number | null;
  rbar_pairs: number;
  rbar_note?: string;
  /** Per event day t: the calendar dates behind it (several when members trade on different clocks). */
  days: (PortfolioDay & { dates: string[] })[];
  cars: PortfolioCar[];
  /** Mean abnormal log volume of the members with stored volume (absent when none has any). */
  volume?: GroupVolume;
};

export type DifferenceWindow = {
  window: Window;
  n_a: number;
  n_b: number;
  mean_a: number | null;
  mean_b: number | null;
  difference: number | null;
  /** The headline: Welch's t with each group's variance of the mean inflated by its own r̄ (Kolari-Pynnönen). */
  kp_welch_t: DifferenceTest;
  welch_t: DifferenceTest;
  /** Welch's t on the standardized CARs (CAR / its prediction-error se). */
  welch_scar_t: DifferenceTest;
  /** The group-dummy coefficient of CAR ~ in_A (pooled variance). */
  pooled_t: DifferenceTest;
};

export type GroupDifference = { a: string; b: string; currencies: string[]; note: string | null; windows: DifferenceWindow[] };

/** Known groups in the order tables show them; others follow in request order. */
const ORDER = ['named_firm', 'parent_company', 'domestic_beneficiary', 'peer', 'control'];
/** The differences reported when both groups are present (A - B). */
const PAIRS: readonly (readonly [string, string])[] = [
  ['named_firm', 'control'],
  ['domestic_beneficiary', 'named_firm'],
  ['domestic_beneficiary', 'control'],
];

/** The group a security is reported in: its own `group`, `control` for control peers, else its role. */
export const groupOf = (s: StudySecurityInput): string | undefined => s.group ?? (s.control ? 'control' : s.role);

/** One studied or excluded security-event as the groups see it. */
export type GroupInput = {
  input: StudySecurityInput;
  id: string;
  benchmark: string;
  day0: string | null;
  listing: Listing;
  evidence: SecurityEvidence | undefined;
  volume: VolumeEvidence | undefined;
};

type Member = GroupInput & { evidence: SecurityEvidence; currency: string; clock: string };

function placeOf(l: Listing): { currency: string; clock: string } {
  // Shanghai and Shenzhen keep one clock: a clock is a time zone (each has one schedule here).
  return l.kind === 'local' ? { currency: l.exchange.currency, clock: l.exchange.timeZone } : { currency: 'USD', clock: 'America/New_York' };
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

function mixNote(members: readonly Member[]): string | null {
  const currencies = unique(members.map((m) => m.currency));
  const clocks = unique(members.map((m) => m.clock));
  if (currencies.length < 2 && clocks.length < 2) return null;
  const byClock = clocks.map((c) => `${c} ${unique(members.filter((m) => m.clock === c).map((m) => m.day0)).join('/')}`).join(', ');
  return [
    clocks.length > 1 ? `Members trade on different clocks: event time is aligned per listing, so t = 0 is each listing's own day 0 (${byClock}) and a day t averages different calendar dates.` : '',
    currencies.length > 1 ? `Members trade in ${currencies.join(', ')}: each CAR is a local-currency return against a local index, so CARs compare without conversion.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function groupPortfolio(name: string, all: readonly GroupInput[], window: Window, carWindows: readonly Window[]): { group: StudyGroup; members: Member[] } {
  const members = all.flatMap((g): Member[] => (g.evidence ? [{ ...g, evidence: g.evidence, ...placeOf(g.listing) }] : []));
  const pf = portfolio(members.map((m) => m.evidence), window, carWindows);
  const datesOn = (t: number) => unique(members.flatMap((m) => m.evidence.days.filter((d) => d.t === t).map((d) => d.date))).sort();
  const group: StudyGroup = {
    name,
    members: all.map((g) => g.id),
    ok: members.map((m) => m.id),
    n: members.length,
    benchmarks: unique(members.map((m) => m.benchmark)),
    currencies: unique(members.map((m) => m.currency)),
    day0: unique(members.map((m) => m.day0!)).sort(),
    note: mixNote(members),
    rbar: pf.rbar,
    rbar_pairs: pf.rbar_pairs,
    ...(pf.rbar_note ? { rbar_note: pf.rbar_note } : {}),
    days: pf.days.map((d) => ({ ...d, dates: datesOn(d.t) })),
    cars: pf.cars,
  };
  const volume = groupVolume(members.map((m) => m.volume), window, carWindows);
  return { group: volume ? { ...group, volume } : group, members };
}

const mean = (x: readonly number[]) => (x.length ? x.reduce((s, v) => s + v, 0) / x.length : null);

function difference(a: { group: StudyGroup; members: Member[] }, b: { group: StudyGroup; members: Member[] }, carWindows: readonly Window[]): GroupDifference {
  const windows = carWindows.map((w, k): DifferenceWindow => {
    const cars = (ms: readonly Member[]) => ms.flatMap((m) => (m.evidence.cars[k]!.car === null ? [] : [m.evidence.cars[k]!])) as { car: number; t: number }[];
    const [ca, cb] = [cars(a.members), cars(b.members)];
    const [xa, xb] = [ca.map((c) => c.car), cb.map((c) => c.car)];
    const [ma, mb] = [mean(xa), mean(xb)];
    return {
      window: w,
      n_a: xa.length,
      n_b: xb.length,
      mean_a: ma,
      mean_b: mb,
      difference: ma !== null && mb !== null ? ma - mb : null,
      kp_welch_t: kpWelchT(xa, xb, a.group.rbar, b.group.rbar),
      welch_t: welchT(xa, xb),
      welch_scar_t: welchT(ca.map((c) => c.t), cb.map((c) => c.t)),
      pooled_t: pooledT(xa, xb),
    };
  });
  const both = [...a.members, ...b.members];
  const currencies = unique(both.map((m) => m.currency));
  return { a: a.group.name, b: b.group.name, currencies, note: mixNote(both), windows };
}

/**
 * The study's groups and group differences, or nothing when no security names a group (ad-hoc
 * studies without roles keep their shape).
 */
export function studyGroups(items: readonly GroupInput[], window: Window, carWindows: readonly Window[]): { groups: StudyGroup[]; differences: GroupDifference[] } | Record<string, never> {
  const byName = new Map<string, GroupInput[]>();
  for (const item of items) {
    const name = groupOf(item.input);
    if (name !== undefined) byName.set(name, [...(byName.get(name) ?? []), item]);
  }
  if (byName.size === 0) return {};
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  const names = [...byName.keys()].sort((x, y) => rank(x) - rank(y));
  const built = new Map(names.map((n) => [n, groupPortfolio(n, byName.get(n)!, window, carWindows)]));
  const differences = PAIRS.flatMap(([a, b]) => (built.has(a) && built.has(b) ? [difference(built.get(a)!, built.get(b)!, carWindows)] : []));
  return { groups: names.map((n) => built.get(n)!.group), differences };
}
