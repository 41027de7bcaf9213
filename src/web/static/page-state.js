// The page's state lives in the URL: a link reproduces the view. Parsing and writing it, and the
// API requests it stands for, are here; nothing in this file touches the DOM.

/** The fields the URL may hold, with their defaults ('' = not set). */
export const FIELDS = {
  event: '',
  tickers: '',
  date: '',
  time: '',
  roles: '',
  benchmark: '',
  model: 'market',
  window: '-5,5',
  car: '0,0;0,1;-1,1;-5,5',
  estimation: '-250,-11',
  view: '',
};

/** State from a query string; unknown keys are ignored. */
export function readState(search) {
  const q = new URLSearchParams(search);
  const state = {};
  for (const [key, fallback] of Object.entries(FIELDS)) state[key] = (q.get(key) ?? fallback).trim();
  return state;
}

/** The query string of a state: only what differs from the defaults, so links stay short. */
export function writeState(state) {
  const q = new URLSearchParams();
  for (const [key, fallback] of Object.entries(FIELDS)) {
    const v = (state[key] ?? '').trim();
    if (v && v !== fallback) q.set(key, v);
  }
  // Ad-hoc studies have no event; an event study ignores tickers.
  if (state.event) ['tickers', 'date', 'time'].forEach((k) => q.delete(k));
  return q.toString();
}

/** Minutes east of UTC of America/New_York at a wall-clock time there (DST-aware). */
function newYorkOffset(date, time) {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  let guess = wall + 5 * 3600e3;
  for (let i = 0; i < 2; i++) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(guess)).map((x) => [x.type, x.value]));
    const seen = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    guess += wall - seen;
  }
  return Math.round((wall - guess) / 60000);
}

/** "2026-01-14T06:10:00-05:00" from a New York date and time. */
export function announcedAt(date, time) {
  const off = newYorkOffset(date, time);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${date}T${time}:00${sign}${hh}:${mm}`;
}

const STUDY_PARAMS = ['benchmark', 'model', 'window', 'car', 'estimation'];
const PREMARKET_PARAMS = ['benchmark', 'window', 'estimation'];

/**
 * The API request for a state and a representation (extra query fields such as format, table,
 * width): a GET URL for a catalog event, or a POST with a JSON body for tickers.
 */
export function studyRequest(state, extra = {}, kind = 'study') {
  const names = kind === 'study' ? STUDY_PARAMS : PREMARKET_PARAMS;
  const q = new URLSearchParams();
  if (state.event) {
    for (const k of names) if (state[k] && state[k] !== FIELDS[k]) q.set(k, state[k]);
    if (state.roles && kind === 'study') q.set('roles', state.roles);
    for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
    const base = `/v1/events/${encodeURIComponent(state.event)}/${kind === 'study' ? 'study' : 'premarket'}`;
    return { method: 'GET', url: q.size ? `${base}?${q}` : base };
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  const symbols = state.tickers.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
  const when = state.time ? { announced_at: announcedAt(state.date, state.time) } : { date: state.date };
  const body = { securities: symbols.map((symbol) => ({ symbol, ...when })) };
  for (const k of names) if (state[k] && state[k] !== FIELDS[k]) body[k] = state[k];
  if (kind !== 'study') {
    for (const k of ['window', 'estimation']) if (body[k]) body[k] = body[k].split(',').map(Number);
  }
  const base = kind === 'study' ? '/v1/studies' : '/v1/premarket';
  return { method: 'POST', url: q.size ? `${base}?${q}` : base, body: JSON.stringify(body) };
}

/** What is missing before a state can be studied, in words (empty when it can). */
export function missingInput(state) {
  if (state.event) return [];
  const out = [];
  if (!state.tickers.trim()) out.push('Enter at least one ticker, e.g. PANW, FTNT.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(state.date)) out.push('Enter the date of the news.');
  return out;
}

/**
 * CAR windows must lie inside the event window: those that do not are left out (and named), so
 * that narrowing the window does not end in an error.
 */
export function fitCarWindows(state) {
  const pair = (text) => text.split(',').map((x) => Number(x.trim()));
  const [a, b] = pair(state.window || FIELDS.window);
  if (!Number.isInteger(a) || !Number.isInteger(b)) return { state, dropped: [] };
  const windows = (state.car || FIELDS.car).split(';').map((w) => w.trim()).filter(Boolean);
  const inside = windows.filter((w) => {
    const [c, d] = pair(w);
    return !(Number.isInteger(c) && Number.isInteger(d)) || (c >= a && d <= b);
  });
  if (inside.length === windows.length || inside.length === 0) return { state, dropped: [] };
  return { state: { ...state, car: inside.join(';') }, dropped: windows.filter((w) => !inside.includes(w)) };
}
