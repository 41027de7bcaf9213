// Turns study JSON into the page's words and tables. The words follow the rules the server
// publishes at /assets/plain-language.json (the same ones its summaries and chart titles use).

/** Elements from a tag, attributes and children (strings become text: nothing is parsed as HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function wording(rules) {
  const pct = (v, digits = rules.percent_digits) => {
    const text = Math.abs(v * 100).toFixed(digits);
    if (Number(text) === 0) return `${text}%`;
    return `${v < 0 ? rules.minus : '+'}${text}%`;
  };
  const pText = (p) => (p < 0.001 ? '< 0.001' : p < 0.01 ? p.toFixed(3) : p.toFixed(2));
  const significance = (p) => {
    if (p === null || p === undefined || !Number.isFinite(p)) return { level: 'untested', words: rules.untested };
    return rules.significance.find((r) => r.below === null || p < r.below);
  };
  const day = (t) => (t > 0 ? `+${t}` : t < 0 ? `${rules.minus}${-t}` : '0');
  const windowWords = ([a, b]) => (a === b ? `day ${day(a)}` : `days ${day(a)} to ${day(b)}`);
  return { pct, pText, significance, windowWords, testName: (name) => rules.tests[name] ?? name };
}

/** The CAR window the verdict reports: [0, 1] if asked for, else the first (as the server's charts). */
export function headlineCar(study) {
  return study.portfolio.cars.find((c) => c.window[0] === 0 && c.window[1] === 1) ?? study.portfolio.cars[0];
}

/** The verdict: the API's own sentences (summary), the headline window first. */
export function verdictBlock(study) {
  const main = headlineCar(study);
  const same = (v) => main && v.window[0] === main.window[0] && v.window[1] === main.window[1];
  const first = study.summary.find(same);
  const others = study.summary.filter((v) => !same(v));
  return h(
    'div',
    { class: 'verdict' },
    first ? h('p', { class: 'verdict-main' }, first.sentence) : null,
    others.length ? h('ul', { class: 'verdict-more' }, ...others.map((v) => h('li', {}, v.sentence))) : null,
    h('p', { class: 'verdict-note' }, `Why this test: ${study.headline_test.reason}.`),
  );
}

/** Warnings as the API gives them: sentences, or { code, securities, message } objects. */
export function warningsBlock(study) {
  const list = Array.isArray(study.warnings) ? study.warnings : [];
  if (!list.length) return null;
  const text = (x) => x.message;
  return h(
    'div',
    { class: 'warnings', role: 'note', 'aria-label': 'Warnings' },
    h('h3', {}, list.length === 1 ? 'Read with care' : `Read with care (${list.length} warnings)`),
    h('ul', {}, ...list.map((x) => h('li', {}, typeof x === 'object' && x.securities?.length ? `${x.securities.join(', ')}: ` : '', text(x)))),
  );
}

/** One row per security: day-0 AR and each CAR window, with p and words; excluded ones say why. */
export function securitiesTable(study, w) {
  const cars = study.portfolio.cars.map((c) => c.window);
  const cell = (value, p) => {
    if (value === null || value === undefined) return h('td', {}, '—');
    const s = w.significance(p);
    return h('td', { class: `sig-${s.level}` }, h('span', { class: 'num' }, w.pct(value)), h('span', { class: 'p' }, p === null ? '' : ` p ${w.pText(p)}`), h('span', { class: 'words' }, s.words));
  };
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Security'), h('th', { scope: 'col' }, 'AR on day 0'), ...cars.map((c) => h('th', { scope: 'col' }, `CAR ${w.windowWords(c)}`)));
  const rows = study.securities.map((s) => {
    if (s.status !== 'ok') {
      return h('tr', { class: 'excluded', 'data-symbol': s.symbol }, h('th', { scope: 'row' }, s.symbol), h('td', { colspan: String(cars.length + 1) }, `Not studied: ${s.reason}`));
    }
    const d0 = s.days.find((d) => d.t === 0);
    return h(
      'tr',
      { 'data-symbol': s.symbol },
      h('th', { scope: 'row' }, s.symbol, s.role ? h('span', { class: 'role' }, s.role.replace('_', ' ')) : null),
      d0 ? cell(d0.ar, d0.ar_p) : cell(null),
      ...cars.map((c) => {
        const r = s.cars.find((x) => x.window[0] === c[0] && x.window[1] === c[1]);
        return r ? cell(r.car, r.p) : cell(null);
      }),
    );
  });
  const test = study.headline_test.name;
  const d0 = study.portfolio.days.find((d) => d.t === 0);
  const mean = h(
    'tr',
    { class: 'mean' },
    h('th', { scope: 'row' }, `Mean (N = ${study.portfolio.n})`),
    d0 ? cell(d0.aar, d0.tests[test].p) : cell(null),
    ...study.portfolio.cars.map((c) => cell(c.caar, c.tests[test].p)),
  );
  return h(
    'table',
    { id: 'securities-table' },
    h('caption', {}, `Abnormal returns beyond ${study.params.benchmark ?? 'the benchmark'}; p per security from its own t-test, for the mean from the ${w.testName(test)}.`),
    h('thead', {}, head),
    h('tbody', {}, ...rows, mean),
  );
}
