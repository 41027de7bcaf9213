// The page: a form whose state lives in the URL, the study fetched from this server's public
// API, and what a reader needs from it (verdict, warnings, charts, table, downloads, embed code).
import { FIELDS, fitCarWindows, missingInput, readState, studyRequest, writeState } from './page-state.js';
import { h, securitiesTable, verdictBlock, warningsBlock, wording } from './study-view.js';

const $ = (id) => document.getElementById(id);
const form = $('controls');
let words;
let events = [];

/** Fetches from the API; a problem+json answer becomes an Error carrying its detail and fields. */
async function api(request, as = 'json') {
  const res = await fetch(request.url, {
    method: request.method ?? 'GET',
    headers: request.body ? { 'content-type': 'application/json' } : {},
    body: request.body,
  });
  if (!res.ok) {
    let problem = { detail: `${res.status} ${res.statusText}` };
    try {
      problem = await res.json();
    } catch {}
    const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`);
    throw new Error([problem.detail ?? problem.title, ...fields].join(' — '));
  }
  return as === 'json' ? res.json() : as === 'text' ? res.text() : res.blob();
}

function formState() {
  const data = new FormData(form);
  const state = {};
  for (const k of Object.keys(FIELDS)) state[k] = String(data.get(k) ?? '').trim();
  if (data.get('source') !== 'event') state.event = '';
  state.view = readState(location.search).view;
  return state;
}

function fillForm(state) {
  const custom = !state.event && !!state.tickers;
  form.elements.source.value = custom ? 'tickers' : 'event';
  for (const k of Object.keys(FIELDS)) if (form.elements[k] && k !== 'event') form.elements[k].value = state[k];
  if (state.event) form.elements.event.value = state.event;
  showSource();
}

function showSource() {
  const custom = form.elements.source.value === 'tickers';
  $('event-fields').hidden = custom;
  $('ticker-fields').hidden = !custom;
  $('roles-field').hidden = custom;
  const event = events.find((e) => e.id === form.elements.event.value);
  const list = $('benchmarks');
  list.replaceChildren(...[...new Set([...(event?.benchmarks ?? []), 'SPY', 'QQQ', 'IWM'])].map((b) => h('option', { value: b })));
  $('benchmark').placeholder = custom ? 'SPY' : `${event?.benchmarks[0] ?? 'SPY'} (the event's default)`;
}

function status(text, kind = 'info') {
  const el = $('status');
  el.textContent = text;
  el.className = `status ${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

/** A link that downloads an API representation: a plain link for GET, a fetched blob for POST. */
function downloadLink(state, label, extra, filename, kind = 'study') {
  const request = studyRequest(state, extra, kind);
  if (request.method === 'GET') return h('a', { href: request.url, download: filename, class: 'button' }, label);
  const a = h('a', { href: '#', download: filename, class: 'button' }, label);
  a.addEventListener('click', async (e) => {
    if (a.href.startsWith('blob:')) return;
    e.preventDefault();
    try {
      a.href = URL.createObjectURL(await api(request, 'blob'));
      a.click();
    } catch (err) {
      status(`Download failed: ${err.message}`, 'error');
    }
  });
  return a;
}

function chartWidth(el) {
  return Math.max(320, Math.min(1200, Math.floor(el.clientWidth || document.documentElement.clientWidth - 32)));
}

async function drawChart(target, state, kind) {
  const width = chartWidth(target);
  target.setAttribute('aria-busy', 'true');
  try {
    // Inline SVG from our own API (escaped server-side): readable by screen readers via its <title>/<desc>.
    target.innerHTML = await api(studyRequest(state, { format: 'svg', width }, kind), 'text');
    const svg = target.querySelector('svg');
    svg?.removeAttribute('width');
    svg?.removeAttribute('height');
  } catch (err) {
    target.replaceChildren(h('p', { class: 'status error' }, `${kind === 'study' ? 'Chart' : 'Premarket split'} not available: ${err.message}`));
  } finally {
    target.removeAttribute('aria-busy');
  }
}

function embedSnippet(state) {
  const url = new URL(`/?${writeState({ ...state, view: 'chart' })}`, location.href);
  const title = state.event ? (events.find((e) => e.id === state.event)?.title ?? state.event) : `Event study: ${state.tickers}`;
  return `<iframe src="${url.href}" title="${title.replace(/"/g, '&quot;')}" width="100%" height="640" style="border:0;max-width:820px" loading="lazy"></iframe>`;
}

async function run(state, push) {
  const problems = missingInput(state);
  if (problems.length) {
    status(problems.join(' '), 'error');
    return;
  }
  const query = writeState(state);
  if (push && query !== location.search.slice(1)) history.pushState(null, '', query ? `/?${query}` : '/');
  if (state.view === 'chart') {
    document.body.classList.add('embed');
    $('result-body').hidden = false;
    await drawChart($('car-chart'), state, 'study');
    document.body.dataset.ready = 'true';
    return;
  }
  delete document.body.dataset.ready;
  status('Computing the study…');
  $('result-body').hidden = true;
  let study;
  try {
    study = await api(studyRequest(state));
  } catch (err) {
    status(`The study could not be computed: ${err.message}`, 'error');
    document.body.dataset.ready = 'error';
    return;
  }
  const event = events.find((e) => e.id === state.event);
  $('result-title').textContent = event ? event.title : `Your study: ${state.tickers.toUpperCase()}`;
  $('result-meta').textContent = `Day 0: ${[...new Set(study.securities.map((s) => s.day0).filter(Boolean))].join(', ') || 'n/a'} · benchmark ${study.params.benchmark ?? 'per security'} · ${study.params.model} model · estimation ${study.params.estimation.join(' to ')} trading days`;
  $('verdict').replaceChildren(verdictBlock(study));
  $('warnings').replaceChildren(...[warningsBlock(study)].filter(Boolean));
  $('table-wrap').replaceChildren(securitiesTable(study, words));
  const stem = state.event || 'study';
  $('downloads').replaceChildren(
    downloadLink(state, 'CSV: CARs', { format: 'csv', table: 'cars' }, `${stem}_cars.csv`),
    downloadLink(state, 'CSV: daily ARs', { format: 'csv', table: 'days' }, `${stem}_days.csv`),
    downloadLink(state, 'PNG', { format: 'png' }, `${stem}_car.png`),
    downloadLink(state, 'SVG', { format: 'svg' }, `${stem}_car.svg`),
    downloadLink(state, 'Vega-Lite', { format: 'vega-lite' }, `${stem}_car.vl.json`),
  );
  $('embed').value = embedSnippet(state);
  $('result-body').hidden = false;
  status(`Study ready: ${study.portfolio.n} of ${study.securities.length} securities studied.`, 'ok');
  await Promise.all([drawChart($('car-chart'), state, 'study'), drawChart($('premarket-chart'), state, 'premarket')]);
  document.body.dataset.ready = 'true';
}

async function start() {
  words = wording(await api({ url: '/assets/plain-language.json' }));
  const state = readState(location.search);
  if (state.view !== 'chart') {
    events = (await api({ url: '/v1/events' })).events.filter((e) => e.securities.some((s) => s.listed_in_us));
    events.sort((a, b) => b.date.localeCompare(a.date));
    form.elements.event.replaceChildren(...events.map((e) => h('option', { value: e.id }, `${e.date} — ${e.title}`)));
    if (!state.event && !state.tickers) state.event = events[0]?.id ?? '';
    fillForm(state);
  }
  await run(state, false);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const { state, dropped } = fitCarWindows(formState());
  if (dropped.length) {
    form.elements.car.value = state.car;
    $('car-help').textContent = `Left out ${dropped.join(' and ')}: outside the event window ${state.window}.`;
  }
  run(state, true);
});
form.elements.source.forEach((r) => r.addEventListener('change', showSource));
form.elements.event.addEventListener('change', showSource);
$('copy-embed').addEventListener('click', async () => {
  const box = $('embed');
  box.select();
  try {
    await navigator.clipboard.writeText(box.value);
    $('copy-status').textContent = 'Embed code copied.';
  } catch {
    $('copy-status').textContent = 'Press Ctrl+C (⌘C) to copy the selected code.';
  }
});
window.addEventListener('popstate', () => {
  const state = readState(location.search);
  fillForm(state);
  run(state, false);
});
start().catch((err) => status(`The page could not start: ${err.message}`, 'error'));
