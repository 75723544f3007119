// The chart of a report's default view (reports.catalog's default_view.chart), drawn with ECharts from the same
// roll-up the table shows: funnel, line (one line per y, or per series value), bar, stacked bar.

import * as fmt from './format.js';

const MAX_CATEGORIES = 20; // a bar chart of more names is unreadable: the top ones by the first y
const MAX_BAR_SERIES = 10;  // bars stacked or side by side: the largest ones, the rest as "Other"
const ZOOM_AFTER = 60;     // a time axis longer than this opens on its latest points, with a zoom slider
const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#f97316',
  '#64748b', '#0ea5e9', '#a855f7', '#14b8a6', '#eab308', '#6366f1', '#22c55e'];

function sameList(a, b) {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
}

function isTime(report, column) {
  return fmt.kindOf(report, column) === 'date' || column === 'as_of_date';
}

/**
 * What to draw for the current view and how to ask for it: x and series among the dimensions shown, the by of the
 * chart's request (the default view's own, else just x and series) and its sort. Null when there is nothing to chart.
 */
export function chartPlan(report, view) {
  const spec = report.default_view && report.default_view.chart;
  if (!spec || spec.type === 'table' || !spec.y || !spec.y.length) {
    return null;
  }
  const defaultBy = report.default_view.by || [];
  const dims = view.by === null ? report.dimensions : view.by;
  const asDesigned = view.by === null || sameList(view.by, defaultBy);
  const x = dims.includes(spec.x) ? spec.x : dims.find((d) => d !== 'period_grain');
  let series = spec.series && dims.includes(spec.series) && spec.series !== x ? spec.series : null;
  if (!series && !asDesigned && spec.type !== 'funnel') {
    series = dims.find((d) => d !== x && d !== 'period_grain') || null;
  }
  const by = view.by !== null && sameList(view.by, defaultBy) ? defaultBy : [x, series].filter(Boolean);
  let sort = '';
  if (x && isTime(report, x)) {
    sort = x + ':desc'; // the latest periods when there are more rows than a chart takes; drawn oldest first
  } else if (!(spec.type === 'funnel' && sameList(by, defaultBy))) {
    sort = spec.y[0] + ':desc';
  }
  return { type: spec.type, x, series, y: spec.y, by, sort };
}

/** The ECharts option for an answer ({columns, rows}) of the plan's request; null when it has no rows. */
export function chartOption(report, plan, answer, currency) {
  if (!answer.rows.length) {
    return null;
  }
  const index = {};
  answer.columns.forEach((c, i) => { index[c.name] = i; });
  const ys = plan.y.filter((y) => index[y] !== undefined);
  if (!ys.length) {
    return null;
  }
  const xOf = (row) => (plan.x ? String(row[index[plan.x]] ?? '(none)') : 'Total');
  const sOf = (row) => (plan.series ? String(row[index[plan.series]] ?? '(none)') : null);
  const time = plan.x && isTime(report, plan.x);

  // categories in the answer's order (time ascending, else the biggest first), cut to the biggest ones
  const totals = new Map();
  for (const row of answer.rows) {
    const key = xOf(row);
    totals.set(key, (totals.get(key) || 0) + (Number(row[index[ys[0]]]) || 0));
  }
  let categories = [...totals.keys()];
  let note = '';
  if (time) {
    categories.sort();
    if (answer.total_rows > answer.rows.length) {
      note = `the latest ${categories.length} of the periods (narrow the period to see older ones)`;
    }
  }
  if (!time && plan.type !== 'funnel' && categories.length > MAX_CATEGORIES) {
    categories = categories.sort((a, b) => totals.get(b) - totals.get(a)).slice(0, MAX_CATEGORIES);
    note = `the ${MAX_CATEGORIES} largest of ${totals.size} ${fmt.label(plan.x, '').toLowerCase()} values by ${fmt.label(ys[0], currency)}`;
  }
  const position = new Map(categories.map((c, i) => [c, i]));

  if (plan.type === 'funnel') {
    const y = ys[0];
    const data = answer.rows.map((row) => ({ name: xOf(row), value: Number(row[index[y]]) || 0 }));
    return {
      note,
      option: {
        animation: false,
        color: PALETTE,
        tooltip: { trigger: 'item', formatter: (p) => `${fmt.escapeHtml(p.name)}: ${fmt.kpi(report, y, p.value, currency)}` },
        series: [{
          type: 'funnel', sort: 'none', left: '12%', width: '76%', top: 12, bottom: 12, minSize: '6%', gap: 2,
          label: { show: true, position: 'inside', color: '#fff', formatter: (p) => `${p.name}  ${fmt.kpi(report, y, p.value, currency)}` },
          data,
        }],
      },
    };
  }

  // one series per y, or per (y, series value)
  const lines = new Map();
  const nullFill = (y) => (fmt.kindOf(report, y) === 'percent' || fmt.kindOf(report, y) === 'decimal' ? null : 0);
  for (const row of answer.rows) {
    const at = position.get(xOf(row));
    if (at === undefined) {
      continue;
    }
    for (const y of ys) {
      const s = sOf(row);
      const name = s === null ? fmt.label(y, currency) : (ys.length > 1 ? `${s} · ${fmt.label(y, currency)}` : s);
      if (!lines.has(name)) {
        lines.set(name, { y, data: new Array(categories.length).fill(nullFill(y)) });
      }
      const value = row[index[y]];
      if (value !== null && value !== undefined) {
        const line = lines.get(name);
        line.data[at] = (line.data[at] || 0) + Number(value);
      }
    }
  }
  // a line joins periods; across names (the view grouped by something else) bars read better
  const kind = plan.type === 'line' && time ? 'line' : 'bar';
  const stacked = plan.type === 'stacked_bar' && plan.series;
  const many = categories.length > 40;
  let entries = [...lines.entries()];
  if (kind === 'bar' && plan.series && entries.length > MAX_BAR_SERIES && ys.every((y) => nullFill(y) === 0)) {
    // the biggest series by their sum, the rest summed as one: a legend of dozens of ids helps nobody
    const sum = (line) => line.data.reduce((a, v) => a + (v || 0), 0);
    entries.sort((a, b) => sum(b[1]) - sum(a[1]));
    const rest = entries.slice(MAX_BAR_SERIES - 1);
    const other = { y: ys[0], data: categories.map((_, i) => rest.reduce((a, [, line]) => a + (line.data[i] || 0), 0)) };
    entries = entries.slice(0, MAX_BAR_SERIES - 1).concat([[`Other (${rest.length})`, other]]);
    note = [note, `the ${MAX_BAR_SERIES - 1} largest ${fmt.label(plan.series, '').toLowerCase()} values, the other ${rest.length} summed`]
      .filter(Boolean).join('; ');
  }
  const series = entries.map(([name, line]) => ({
    name,
    type: kind,
    data: line.data,
    stack: stacked ? 'total' : undefined,
    showSymbol: kind === 'line' ? !many : undefined,
    smooth: false,
    connectNulls: true,
    barMaxWidth: 46,
    emphasis: { focus: 'series' },
  }));
  const zoom = time && categories.length > ZOOM_AFTER;
  const legend = series.length > 1;
  const y0 = ys[0];
  return {
    note,
    option: {
      animation: false,
      color: PALETTE,
      grid: { left: 12, right: 24, top: legend ? 40 : 16, bottom: zoom ? 46 : 8, containLabel: true },
      legend: legend ? { type: 'scroll', top: 4, left: 8, right: 8 } : undefined,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' },
        confine: true,
        valueFormatter: (v) => fmt.kpi(report, y0, v, currency),
      },
      dataZoom: zoom ? [{ type: 'slider', start: 100 - (ZOOM_AFTER / categories.length) * 100, end: 100, height: 18, bottom: 8 },
        { type: 'inside' }] : undefined,
      xAxis: {
        type: 'category',
        data: categories,
        axisTick: { alignWithLabel: true },
        axisLabel: time ? { hideOverlap: true } : {
          interval: 0, rotate: categories.length > 6 ? 28 : 0, width: 120, overflow: 'truncate', hideOverlap: true,
        },
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => fmt.axis(report, y0, v, currency) }, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series,
    },
  };
}
