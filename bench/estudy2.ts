/**
 * `npm run bench:estudy2 [-- --data DIR] [-- --select]`: issue #12's side-by-side benchmark
 * against the R package estudy2 (bench/estudy2/install.sh installs it).
 *
 * Both sides study the same REAL securities (bench/estudy2/symbols.txt) around one date
 * (2026-01-14, the headline event) against SPY: OLS market model over the estimation window
 * [-250, -11], event window [-1, +1], every test each side has. Ours runs in process on an
 * in-memory DuckDB store holding only those files; estudy2 runs in a child `Rscript`
 * (bench/estudy2/estudy2-bench.R) on the same CSVs. Wall and CPU seconds on both sides (the
 * machine is shared, so CPU is the fairer figure); loading the data is timed apart on both.
 *   ours cold   the first study of the process (JIT cold, closes read from DuckDB);
 *   ours fresh  median of BENCH_RUNS studies, each on a new engine (closes re-read and re-aligned);
 *   ours warm   median of BENCH_RUNS studies on one engine (closes kept, as the server keeps them).
 * The ratios divide estudy2's seconds by ours. Then the two sides' numbers are compared (every
 * event-window AR, the mean ARs, and the tests both define the same way); a disagreement beyond
 * the tolerances exits 1.
 * Without Rscript or estudy2 it prints our figures, says so, leaves bench/results/estudy2.json as
 * it was and exits 0.
 * `--select` rewrites bench/estudy2/symbols.txt from the data (rule in `selectSymbols`).
 * Env: BENCH_RUNS (5), ESTUDY2_RUNS (1: one estudy2 run is ~30 s on this machine).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeDeps } from '../src/entry/node-deps.js';
import { DuckDbStore } from '../src/store/duckdb-store.js';
import { importDirectory } from '../src/store/import-directory.js';
import { StudyParamsSchema } from '../src/study/params.js';
import { meanCrossCorrelation } from '../src/stats/kolari-pynnonen.js';
import { runStudy, studyOutcomes, type StudyResult } from '../src/study/run-study.js';

const EVENT_DATE = '2026-01-14';
const MARKET = 'SPY';
const ESTIMATION: [number, number] = [-250, -11];
const WINDOW: [number, number] = [-1, 1];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ESTUDY2_RUNS = Number(process.env.ESTUDY2_RUNS ?? 1);

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const DATA = resolve(argValue('--data') ?? here('../../shared/market-data'));
const DAILY = join(DATA, 'daily');
const SYMBOLS_FILE = here('./estudy2/symbols.txt');
const R_SCRIPT = here('./estudy2/estudy2-bench.R');
const RESULTS = here('./results/estudy2.json');

type Timed = { wall_s: number; cpu_s: number };
async function timed<T>(f: () => Promise<T>): Promise<Timed & { value: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await f();
  const used = process.cpuUsage(cpu);
  return { value, wall_s: (performance.now() - start) / 1000, cpu_s: (used.user + used.system) / 1e6 };
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const medianOf = (runs: Timed[]): Timed => ({ wall_s: median(runs.map((r) => r.wall_s)), cpu_s: median(runs.map((r) => r.cpu_s)) });
const justTime = ({ wall_s, cpu_s }: Timed): Timed => ({ wall_s, cpu_s });

/** Dates with a close, from a daily CSV (some files carry close only). */
function closeDates(symbol: string): string[] {
  const lines = readFileSync(join(DAILY, `${symbol}.csv`), 'utf8').trim().split(/\r?\n/);
  const col = lines[0]!.split(',').indexOf('close');
  return lines.slice(1).flatMap((l) => {
    const cells = l.split(',');
    return cells[col] ? [cells[0]!] : [];
  });
}

/**
 * Funds, ETNs and the index in the shared data, named by hand: the files carry no security type,
 * and issue #12 compares stocks. Everything else there is a US-listed company share (ADRs included).
 */
const NOT_STOCKS = new Set(
  ('^GSPC AGG BIL BND BUG CIBR DBC DGRO DIA EDV EEM EFA EWJ EWT EWY FAS FXI GDX GLD HACK HYG IEF IGV IHAK IJH IJR INDA IWM ' +
    'JEPI JEPQ LABU LQD MBB MTUM NOBL PDBC PSQ QLD QQQ QUAL RSP SCHD SCHH SDS SH SHY SLV SMH SOXL SOXX SPHD SPXL SPY SQQQ ' +
    'SSO TECL TIP TLT TMF TMV TNA TQQQ TZA UDOW UPRO USMV USO UVXY VBR VCIT VGK VIG VNQ VOO VT VTI VTV VUG VXUS VXX VYM ' +
    'XBI XLB XLC XLE XLF XLI XLK XLP XLRE XLU XLV XLY').split(' '),
);

/**
 * Stocks with a close on every market date of the study's span (the close before the first
 * estimation day through the last event day) and no date the market lacks there: then both sides
 * see the same 240 estimation returns per stock and no convention for gaps can make them differ.
 */
function selectSymbols(): string[] {
  const market = closeDates(MARKET);
  const day0 = market.findIndex((d) => d >= EVENT_DATE);
  const span = market.slice(day0 + ESTIMATION[0] - 1, day0 + WINDOW[1] + 1);
  const [first, last] = [span[0]!, span[span.length - 1]!];
  const wanted = span.join(',');
  return readdirSync(DAILY)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => f.slice(0, -4))
    .filter((s) => !NOT_STOCKS.has(s) && s !== MARKET)
    .filter((s) => closeDates(s).filter((d) => d >= first && d <= last).join(',') === wanted)
    .sort();
}

function readSymbols(): string[] {
  return readFileSync(SYMBOLS_FILE, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

if (process.argv.includes('--select')) {
  const chosen = selectSymbols();
  const header = [
    `# ${chosen.length} stocks for npm run bench:estudy2 (issue #12), written by \`npm run bench:estudy2 -- --select\`.`,
    `# Files: ../shared/market-data/daily/<SYMBOL>.csv; provenance of each in ../shared/market-data/SOURCES.csv.`,
    `# Rule: not a fund, ETN or index; a close on every ${MARKET} date from the close before estimation day`,
    `# ${ESTIMATION[0]} to event day +${WINDOW[1]} around ${EVENT_DATE}, and no date ${MARKET} lacks in that span.`,
  ];
  writeFileSync(SYMBOLS_FILE, `${[...header, ...chosen].join('\n')}\n`);
  console.log(`${chosen.length} symbols written to ${SYMBOLS_FILE}`);
  process.exit(0);
}

const symbols = readSymbols();
const log = (line: string) => process.stdout.write(`${line}\n`);
log(`${symbols.length} stocks around ${EVENT_DATE}, market ${MARKET}, estimation [${ESTIMATION}], event window [${WINDOW}], data ${DAILY}`);

// --- Ours --------------------------------------------------------------------------------------
// Only the chosen files and the market's (linked into a temporary daily/): the store, and what a
// fresh engine re-reads, hold just what estudy2 reads.
const only = mkdtempSync(join(tmpdir(), 'bench-estudy2-'));
mkdirSync(join(only, 'daily'));
for (const s of [MARKET, ...symbols]) symlinkSync(join(DAILY, `${s}.csv`), join(only, 'daily', `${s}.csv`));
const store = await DuckDbStore.open(':memory:');
const imported = await timed(() => importDirectory(store, only));
rmSync(only, { recursive: true });
const failed = imported.value.files.filter((f) => f.status === 'failed' || f.status === 'refused');
if (failed.length) throw new Error(`import failed: ${failed.map((f) => `${f.symbol}: ${f.error ?? f.status}`).join('; ')}`);
log(`ours: imported ${imported.value.files.length} files into in-memory DuckDB in ${imported.wall_s.toFixed(2)} s wall / ${imported.cpu_s.toFixed(2)} CPU-s (not part of the study figures)`);

const params = StudyParamsSchema.parse({ benchmark: MARKET, model: 'market', returns: 'simple', estimation: ESTIMATION, window: WINDOW, car: [WINDOW] });
const events = symbols.map((symbol) => ({ symbol, date: EVENT_DATE }));
const engine = () => nodeDeps(store, { eventsPath: undefined }).deps;

const cold = await timed(() => runStudy(engine(), events, params));
const result: StudyResult = cold.value;
const fresh: Timed[] = [];
for (let i = 0; i < RUNS; i++) fresh.push(await timed(() => runStudy(engine(), events, params)));
const deps = engine();
await runStudy(deps, events, params);
const warm: Timed[] = [];
const fitOnly: Timed[] = [];
const rbar: Timed[] = [];
for (let i = 0; i < RUNS; i++) {
  warm.push(await timed(() => runStudy(deps, events, params)));
  const outcomes = await timed(() => studyOutcomes(deps, events, params));
  fitOnly.push(outcomes);
  // The portfolio's Kolari-Pynnönen r̄ (a 20,000-pair sample above 200 securities): a cost estudy2 has no counterpart for.
  rbar.push(await timed(async () => meanCrossCorrelation(outcomes.value.ok.map((s) => s.estimationAr))));
}
store.close();
const ours = { cold: justTime(cold), fresh: medianOf(fresh), warm: medianOf(warm), warm_fit_stages: medianOf(fitOnly), warm_rbar: medianOf(rbar) };
const okCount = result.securities.filter((s) => s.status === 'ok').length;
log(`ours: ${okCount} of ${symbols.length} securities studied; cold ${ours.cold.wall_s.toFixed(3)} s / ${ours.cold.cpu_s.toFixed(3)} CPU-s, ` +
  `fresh engine ${ours.fresh.wall_s.toFixed(3)} / ${ours.fresh.cpu_s.toFixed(3)}, warm ${ours.warm.wall_s.toFixed(3)} / ${ours.warm.cpu_s.toFixed(3)} ` +
  `(of which resolve + fit + evidence ${ours.warm_fit_stages.wall_s.toFixed(3)} / ${ours.warm_fit_stages.cpu_s.toFixed(3)}, ` +
  `Kolari-Pynnönen r̄ ${ours.warm_rbar.wall_s.toFixed(3)} / ${ours.warm_rbar.cpu_s.toFixed(3)}); medians of ${RUNS}`);

// --- estudy2 -------------------------------------------------------------------------------------
const probe = spawnSync('Rscript', ['-e', 'quit(status = if (requireNamespace("estudy2", quietly = TRUE)) 0 else 3)'], { encoding: 'utf8' });
const missing = probe.error ? 'Rscript is not installed' : probe.status !== 0 ? 'the R package estudy2 is not installed' : undefined;
if (missing) {
  log(`SKIPPED the estudy2 side: ${missing}. Install it with bench/estudy2/install.sh; ${RESULTS} left as it was.`);
  process.exit(0);
}

type RTimed = Timed & { stages: Record<string, Timed> };
type ROutput = {
  r_version: string;
  estudy2_version: string;
  zoo_version: string;
  securities: number;
  day0: string;
  estimation_dates: string[];
  event_dates: string[];
  price_rows: number;
  loading: Timed;
  runs: RTimed[];
  estimation_length: number[];
  event_ar: Record<string, (number | null)[]>;
  parametric: Record<string, (number | string | null)[]>;
  nonparametric: Record<string, (number | string | null)[]>;
};
log(`estudy2: running ${R_SCRIPT} (${ESTUDY2_RUNS} run${ESTUDY2_RUNS === 1 ? '' : 's'})...`);
const rStart = performance.now();
const r = spawnSync(
  'Rscript',
  [R_SCRIPT, '--data', DAILY, '--symbols', SYMBOLS_FILE, '--market', MARKET, '--event-date', EVENT_DATE,
    '--estimation', ESTIMATION.join(','), '--window', WINDOW.join(','), '--runs', String(ESTUDY2_RUNS)],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const rProcessWall = (performance.now() - rStart) / 1000;
if (r.status !== 0) throw new Error(`Rscript failed (${r.status}): ${r.stderr}`);
if (r.stderr.trim()) log(`estudy2 said on stderr:\n${r.stderr.trim()}`);
const R = JSON.parse(r.stdout) as ROutput;
const theirs = medianOf(R.runs);
log(`estudy2 ${R.estudy2_version} (${R.r_version}): loading ${R.loading.wall_s.toFixed(2)} s / ${R.loading.cpu_s.toFixed(2)} CPU-s; ` +
  `study ${theirs.wall_s.toFixed(2)} s / ${theirs.cpu_s.toFixed(2)} CPU-s; whole Rscript process ${rProcessWall.toFixed(1)} s wall`);

// --- Do the two sides compute the same thing? ------------------------------------------------------
const days = R.parametric.date as string[];
const ok = result.securities.flatMap((s) => (s.status === 'ok' ? [s] : []));
let arMaxDiff = 0;
let arCompared = 0;
for (const s of ok) {
  const theirAr = R.event_ar[s.symbol];
  if (!theirAr) throw new Error(`estudy2 has no ARs for ${s.symbol}`);
  for (const d of s.days) {
    const k = days.indexOf(d.date);
    const other = theirAr[k];
    if (k < 0 || other === null || other === undefined) throw new Error(`estudy2 has no AR for ${s.symbol} on ${d.date}`);
    arMaxDiff = Math.max(arMaxDiff, Math.abs(d.ar - other));
    arCompared++;
  }
}
const estimationN = [...new Set(ok.map((s) => s.estimation.n))];
const theirEstimationN = [...new Set(R.estimation_length)];
/** Ours × this = estudy2's Patell z: it scales each AR by the residual sd with n - 1, ours by s with df = n - 2. */
const patellScale = estimationN.length === 1 ? Math.sqrt((estimationN[0]! - 1) / (estimationN[0]! - 2)) : Number.NaN;
const stat = (t: { statistic: number | null }) => t.statistic ?? Number.NaN;
const pairs: { name: string; ours: (t: number) => number; theirs: string; table: 'parametric' | 'nonparametric'; tolerance: number }[] = [
  { name: 'mean AR', ours: (t) => day(t).aar, theirs: 'mean', table: 'parametric', tolerance: 1e-9 },
  { name: 'cross-sectional t = t_test', ours: (t) => stat(day(t).tests.cross_sectional_t), theirs: 't_test_stat', table: 'parametric', tolerance: 1e-6 },
  { name: 'BMP t = boehmer', ours: (t) => stat(day(t).tests.bmp_t), theirs: 'bh_stat', table: 'parametric', tolerance: 1e-6 },
  { name: 'Patell z × sqrt((n-1)/(n-2)) = patell', ours: (t) => stat(day(t).tests.patell_z) * patellScale, theirs: 'pt_stat', table: 'parametric', tolerance: 1e-6 },
  { name: 'generalized sign z = gsign', ours: (t) => stat(day(t).tests.generalized_sign), theirs: 'gsign_stat', table: 'nonparametric', tolerance: 1e-9 },
  { name: 'Wilcoxon V = wlcx', ours: (t) => stat(day(t).tests.wilcoxon), theirs: 'wlcx_stat', table: 'nonparametric', tolerance: 1e-9 },
];
function day(t: number) {
  const d = result.portfolio.days.find((x) => x.t === t);
  if (!d) throw new Error(`no portfolio day ${t}`);
  return d;
}
const tests = pairs.map((p) => {
  const perDay = days.map((date, k) => {
    const t = WINDOW[0] + k;
    const a = p.ours(t);
    const b = Number(R[p.table][p.theirs]![k]);
    return { t, date, ours: a, estudy2: b, diff: Math.abs(a - b) };
  });
  const maxDiff = Math.max(...perDay.map((d) => d.diff));
  return { name: p.name, tolerance: p.tolerance, max_abs_diff: maxDiff, agree: maxDiff <= p.tolerance, days: perDay };
});
const agreement = {
  event_days: days,
  ours_day0: result.securities.find((s) => s.status === 'ok')?.day0,
  estudy2_day0: R.day0,
  estimation_n: { ours: estimationN, estudy2: theirEstimationN },
  ar: { compared: arCompared, max_abs_diff: arMaxDiff, tolerance: 1e-10, agree: arMaxDiff <= 1e-10 },
  tests,
  first_ars_day0: ok.slice(0, 5).map((s) => ({
    symbol: s.symbol,
    ours: s.days.find((d) => d.t === 0)!.ar,
    estudy2: R.event_ar[s.symbol]![days.indexOf(s.days.find((d) => d.t === 0)!.date)],
  })),
  not_compared:
    'estudy2 brown_warner_1980/1985, lamb, sign, corrado sign, rank and modified rank tests have no counterpart defined the same way here; ' +
    'our Kolari-Pynnönen tests and Corrado-Zivney rank test have none there. All are computed and timed on their side.',
};
const allAgree = agreement.ar.agree && tests.every((t) => t.agree) && estimationN.join() === theirEstimationN.join() && agreement.ours_day0 === R.day0;

// --- Report -------------------------------------------------------------------------------------
const ratio = (x: Timed) => ({ cpu: theirs.cpu_s / x.cpu_s, wall: theirs.wall_s / x.wall_s });
const ratios = { cold: ratio(ours.cold), fresh: ratio(ours.fresh), warm: ratio(ours.warm) };
const f = (x: number, d = 3) => x.toFixed(d);
log('');
log('| side | what is timed | wall s | CPU s | estudy2 / ours (CPU) | (wall) |');
log('|---|---|---|---|---|---|');
log(`| estudy2 ${R.estudy2_version} | returns + market model + 6 parametric + 6 nonparametric tests (median of ${R.runs.length}) | ${f(theirs.wall_s, 2)} | ${f(theirs.cpu_s, 2)} | 1× | 1× |`);
for (const [name, what, x] of [
  ['ours', 'cold: first study of the process', ours.cold],
  ['ours', `fresh engine: closes re-read (median of ${RUNS})`, ours.fresh],
  ['ours', `warm: one engine (median of ${RUNS})`, ours.warm],
] as const) {
  const q = ratio(x);
  log(`| ${name} | ${what} | ${f(x.wall_s)} | ${f(x.cpu_s)} | ${f(q.cpu, 0)}× | ${f(q.wall, 0)}× |`);
}
log('');
const stages = Object.entries(R.runs[0]!.stages).map(([k, v]) => `${k} ${f(v.cpu_s, 2)}`).join(', ');
log(`estudy2 stages (CPU-s, first run): ${stages}`);
log(`agreement: ${arCompared} event-window ARs, max |diff| ${arMaxDiff.toExponential(2)}; estimation n ours ${estimationN} / estudy2 ${theirEstimationN}; day 0 ${agreement.ours_day0} / ${R.day0}`);
for (const t of tests) log(`  ${t.agree ? 'agree   ' : 'DISAGREE'} ${t.name}: max |diff| ${t.max_abs_diff.toExponential(2)} (tolerance ${t.tolerance})`);

const output = {
  started: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  data: {
    directory: DAILY,
    provenance: join(DATA, 'SOURCES.csv'),
    symbols_file: 'bench/estudy2/symbols.txt',
    securities: symbols.length,
    market: MARKET,
    event_date: EVENT_DATE,
    estimation: ESTIMATION,
    window: WINDOW,
    estudy2_estimation_dates: R.estimation_dates,
    estudy2_event_dates: R.event_dates,
    estudy2_price_rows: R.price_rows,
  },
  ours: { import: justTime(imported), ...ours, runs: RUNS, ok: okCount },
  estudy2: {
    version: R.estudy2_version,
    r_version: R.r_version,
    zoo_version: R.zoo_version,
    loading: R.loading,
    study: theirs,
    runs: R.runs,
    rscript_process_wall_s: rProcessWall,
  },
  ratio_estudy2_over_ours: ratios,
  agreement: { all_agree: allAgree, ...agreement },
};
mkdirSync(here('./results/'), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify(output, null, 2)}\n`);
log(`written to ${RESULTS}`);
if (!allAgree) {
  log('The two sides DISAGREE beyond the tolerances above: the timing compares different computations.');
  process.exit(1);
}
