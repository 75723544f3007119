// One report: title, description, freshness, filters, group-by, KPIs (the default view's, from totals), the chart,
// the table (sort by clicking a header, pages), and a CSV link of exactly what the table shows.

import { encodeValue, getJson, query } from './api.js';
import { chartOption, chartPlan } from './chart.js';
import * as fmt from './format.js';

const DEFAULT_LIMIT = 50;
const PAGE_SIZES = [25, 50, 100, 500];
const CHART_ROWS = 5000;
const DIMENSION_FILTERS = ['owner', 'team', 'source', 'pipeline'];
const FILTER_LABELS = { owner: 'Owner', team: 'Team', source: 'Source CRM', pipeline: 'Pipeline' };
const FILTER_COLUMNS = { owner: ['owner_name', 'owner_id'], team: ['team_name', 'team_id'], source: ['source_system'],
  pipeline: ['pipeline_name', 'pipeline_id'] };

const optionCache = new Map(); // report/column → values, for the filter drop-downs
let groupByOpen = false;       // the group-by menu stays open while dimensions are ticked one after another

/**
 * The view the URL asks for. by: absent → the default view's; "*" → every row at the report's grain (no roll-up);
 * "" → one total row; "a,b" → those dimensions.
 */
export function readView(report, params) {
  const byParam = params.get('by');
  let by;
  if (byParam === null) {
    by = report.default_view && report.default_view.by ? report.default_view.by : null;
  } else if (byParam === '*') {
    by = null;
  } else {
    by = byParam.split(',').map((s) => s.trim()).filter(Boolean);
  }
  const whole = (name, fallback) => {
    const n = parseInt(params.get(name), 10);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  return {
    byParam, by,
    from: params.get('from') || '', to: params.get('to') || '', grain: params.get('grain') || '',
    owner: params.get('owner') || '', team: params.get('team') || '', source: params.get('source') || '',
    pipeline: params.get('pipeline') || '', sort: params.get('sort') || '',
    limit: whole('limit', DEFAULT_LIMIT) || DEFAULT_LIMIT, offset: whole('offset', 0),
  };
}

function hashOf(report, view) {
  const pairs = [['from', view.from], ['to', view.to], ['grain', view.grain], ['owner', view.owner],
    ['team', view.team], ['source', view.source], ['pipeline', view.pipeline], ['sort', view.sort],
    ['limit', view.limit === DEFAULT_LIMIT ? '' : view.limit], ['offset', view.offset || '']];
  const all = [view.byParam === null ? '' : 'by=' + encodeValue(view.byParam), query(pairs)].filter(Boolean).join('&');
  return '#/report/' + encodeURIComponent(report.id) + (all ? '?' + all : '');
}

/** The API query of a view: by (kept when empty: one total row), filters, sort. */
function apiQuery(view, by, sort) {
  const parts = [];
  if (by !== null) {
    parts.push('by=' + encodeValue(by.join(',')));
  }
  const rest = query([['from', view.from], ['to', view.to], ['grain', view.grain], ['owner', view.owner],
    ['team', view.team], ['source', view.source], ['pipeline', view.pipeline], ['sort', sort]]);
  if (rest) {
    parts.push(rest);
  }
  return parts.join('&');
}

function reportUrl(report, q) {
  return '/api/reports/' + encodeURIComponent(report.id) + '?' + q;
}

function sameList(a, b) {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
}

function filterColumn(report, name) {
  return FILTER_COLUMNS[name].find((c) => report.dimensions.includes(c)) || null;
}

function freshness(catalog) {
  const synced = (catalog.synced || []).map((s) => s.last_success).filter(Boolean).sort();
  const last = synced.length ? synced[synced.length - 1] : catalog.published_at;
  const lines = [`published ${new Date(catalog.published_at).toLocaleString()}`].concat((catalog.synced || [])
    .map((s) => `${s.source}: ${s.last_success ? 'last synced ' + new Date(s.last_success).toLocaleString() : 'no finished sync in this copy'}`));
  const stale = Date.now() - new Date(last).getTime() > 26 * 3600 * 1000;
  return `<div class="freshness${stale ? ' stale' : ''}" id="freshness" data-synced-at="${fmt.escapeHtml(last)}"
      title="${fmt.escapeHtml(lines.join('\n'))}">synced ${fmt.escapeHtml(fmt.clock(last))}, ${fmt.escapeHtml(fmt.ago(last))}</div>`;
}

function filtersHtml(report, view, currency) {
  const f = report.filters || [];
  const parts = [];
  if (f.includes('from')) {
    parts.push(`<label>From <input type="date" id="filter-from" value="${fmt.escapeHtml(view.from)}"></label>`);
    parts.push(`<label>To <input type="date" id="filter-to" value="${fmt.escapeHtml(view.to)}"></label>`);
  }
  if (f.includes('grain') && (report.grains || []).length) {
    parts.push(`<label>Grain <select id="filter-grain"><option value="">as stored</option>`
      + report.grains.map((g) => `<option value="${g}"${g === view.grain ? ' selected' : ''}>${g}</option>`).join('')
      + '</select></label>');
  }
  for (const name of DIMENSION_FILTERS) {
    if (!f.includes(name)) {
      continue;
    }
    const value = view[name];
    if (filterColumn(report, name)) {
      parts.push(`<label>${FILTER_LABELS[name]} <select id="filter-${name}" data-filter="${name}">
          <option value="">All</option>${value ? `<option selected value="${fmt.escapeHtml(value)}">${fmt.escapeHtml(value)}</option>` : ''}
        </select></label>`);
    } else {
      parts.push(`<label>${FILTER_LABELS[name]} <input id="filter-${name}" data-filter="${name}" size="12"
          value="${fmt.escapeHtml(value)}" placeholder="id or name"></label>`);
    }
  }
  const shown = view.by === null ? 'every row (no roll-up)' : view.by.length ? view.by.map((d) => fmt.label(d, currency)).join(', ') : 'one total row';
  parts.push(`<label>Group by <details id="group-by"${groupByOpen ? ' open' : ''}><summary title="${fmt.escapeHtml(shown)}">${fmt.escapeHtml(shown)}</summary>
      <div class="menu">${report.dimensions.map((d) => `<label><input type="checkbox" data-dimension="${fmt.escapeHtml(d)}"
          ${view.by && view.by.includes(d) ? 'checked' : ''}> ${fmt.escapeHtml(fmt.label(d, currency))}
          <span class="muted">${fmt.escapeHtml(d)}</span></label>`).join('')}
        <div class="row"><button type="button" id="group-by-default">Default</button>
          <button type="button" id="group-by-all" title="every row at the report's grain, with its detail columns">Every row</button>
          <button type="button" id="group-by-total">Total</button></div>
      </div></details></label>`);
  return parts.join('');
}

function skeleton(report, view, catalog) {
  const currency = catalog.reporting_currency;
  return `<div class="page-head" data-report="${fmt.escapeHtml(report.id)}">
      <button type="button" id="reset-view" title="the report's default view: no filters, its own grouping and sort">Reset view</button>
      <h1 id="report-title">${fmt.escapeHtml(report.title)}</h1>
      <p class="description" id="report-description">${fmt.escapeHtml(report.description || '')}</p>
      ${freshness(catalog)}
    </div>
    <form id="filters" class="card" onsubmit="return false">${filtersHtml(report, view, currency)}</form>
    <div id="error-slot"></div>
    <div id="kpis"></div>
    <div class="card" id="chart-card"><div id="chart"></div><div id="chart-note"></div></div>
    <div class="card" id="table-card">
      <div class="table-bar"><strong id="row-count">…</strong><span class="muted" id="view-summary"></span><span class="grow"></span>
        <a class="button" id="csv-link" download>Download CSV</a>
        <a class="button" id="csv-all-link" download title="every row of this view, without paging">CSV, all rows</a></div>
      <div class="table-scroll"><table class="data" id="report-table"><thead></thead><tbody></tbody></table></div>
      <div id="pager"></div>
    </div>`;
}

function kpisHtml(report, totals, currency) {
  const kpis = (report.default_view && report.default_view.kpis) || [];
  return kpis.filter((k) => totals && k in totals).map((k) => `<div class="card kpi" data-column="${fmt.escapeHtml(k)}">
      <div class="label" title="${fmt.escapeHtml(k)}">${fmt.escapeHtml(fmt.label(k, currency))}</div>
      <div class="value" data-value="${fmt.escapeHtml(totals[k] ?? '')}">${fmt.escapeHtml(fmt.kpi(report, k, totals[k], currency))}</div>
    </div>`).join('');
}

function effectiveSort(report, view) {
  const sort = view.sort || (view.by !== null && report.default_view ? report.default_view.sort || '' : '');
  const [column, direction] = (sort.split(',')[0] || '').split(':');
  return { column: column ? column.trim() : '', direction: (direction || 'asc').trim() };
}

/**
 * The order columns are shown in: dimensions, the headline figures, the other figures, then the parts ratios are
 * computed from (numerators, denominators), which matter less to a reader than the ratio itself.
 */
function displayOrder(report, columns) {
  const kpis = (report.default_view && report.default_view.kpis) || [];
  const parts = new Set((report.ratios || []).flatMap((r) => [r.numerator, r.denominator]));
  const rank = (c) => {
    if (!fmt.isNumeric(c.role)) {
      return 0;
    }
    if (kpis.includes(c.name)) {
      return 1 + kpis.indexOf(c.name) / 100;
    }
    return parts.has(c.name) && !kpis.includes(c.name) ? 3 : 2;
  };
  return columns.map((c, i) => ({ ...c, at: i, rank: rank(c), part: parts.has(c.name) && !kpis.includes(c.name) }))
    .sort((a, b) => a.rank - b.rank || a.at - b.at);
}

function tableHtml(report, answer, view, currency) {
  const sort = effectiveSort(report, view);
  const columns = displayOrder(report, answer.columns);
  const head = '<tr>' + columns.map((c) => {
    const numeric = fmt.isNumeric(c.role);
    const arrow = sort.column === c.name ? `<span class="arrow">${sort.direction === 'desc' ? '▼' : '▲'}</span>` : '';
    return `<th data-column="${fmt.escapeHtml(c.name)}" data-role="${c.role}" class="${numeric ? 'num' : ''}${c.part ? ' part' : ''}"
        title="${fmt.escapeHtml(c.name)} (${c.role}); click to sort"
        ${sort.column === c.name ? `aria-sort="${sort.direction === 'desc' ? 'descending' : 'ascending'}"` : ''}>${fmt.escapeHtml(fmt.label(c.name, currency))}${arrow}</th>`;
  }).join('') + '</tr>';
  const digits = columns.map((c) => (answer.rows.some((row) => typeof row[c.at] === 'number' && !Number.isInteger(row[c.at])) ? 2 : 0));
  const body = answer.rows.map((row) => '<tr>' + columns.map((c, i) => {
    const v = row[c.at];
    const numeric = typeof v === 'number';
    return `<td data-column="${fmt.escapeHtml(c.name)}" data-value="${v === null ? '' : fmt.escapeHtml(v)}"
        class="${numeric ? 'num' : ''}${v === null ? ' null' : ''}${c.part ? ' part' : ''}">${v === null ? '–' : fmt.escapeHtml(fmt.cell(report, c.name, v, digits[i]))}</td>`;
  }).join('') + '</tr>').join('');
  return { head, body };
}

function pagerHtml(answer, view) {
  const first = answer.total_rows ? view.offset + 1 : 0;
  const last = Math.min(view.offset + answer.rows.length, answer.total_rows);
  return `<span id="page-range">Rows ${first.toLocaleString()}–${last.toLocaleString()} of ${answer.total_rows.toLocaleString()}</span>
    <span class="grow"></span>
    <label>Rows per page <select id="page-size">${PAGE_SIZES.concat(PAGE_SIZES.includes(view.limit) ? [] : [view.limit])
      .map((n) => `<option${n === view.limit ? ' selected' : ''}>${n}</option>`).join('')}</select></label>
    <button type="button" id="page-prev"${view.offset > 0 ? '' : ' disabled'}>‹ Previous</button>
    <button type="button" id="page-next"${last < answer.total_rows ? '' : ' disabled'}>Next ›</button>`;
}

async function dropdownValues(report, column) {
  const key = report.id + '/' + column;
  if (!optionCache.has(key)) {
    const answer = await getJson(reportUrl(report, query([['by', column], ['sort', column + ':asc'], ['limit', 1000],
      ['totals', 'false']])));
    optionCache.set(key, answer.rows.map((r) => r[0]).filter((v) => v !== null && v !== ''));
  }
  return optionCache.get(key);
}

/** Renders the report for the view in params; answers the function that leaves the page. */
export function showReport(main, catalog, report, params, navigate) {
  const currency = catalog.reporting_currency;
  const view = readView(report, params);
  let chart = null;
  let left = false;
  const onResize = () => chart && chart.resize();
  document.title = report.title + ' · crmw';
  main.innerHTML = skeleton(report, view, catalog);
  const $ = (selector) => main.querySelector(selector);

  const go = (changes, keepPage) => {
    const next = { ...view, ...changes };
    if (!keepPage) {
      next.offset = 0;
    }
    navigate(hashOf(report, next));
  };
  const setBy = (by) => {
    const byParam = by === null ? '*' : (report.default_view && sameList(by, report.default_view.by) ? null : by.join(','));
    go({ by, byParam, sort: '' });
  };

  // filters
  for (const id of ['from', 'to', 'grain']) {
    const input = $('#filter-' + id);
    if (input) {
      input.addEventListener('change', () => go({ [id]: input.value }));
    }
  }
  for (const name of DIMENSION_FILTERS) {
    const input = $('#filter-' + name);
    if (input) {
      input.addEventListener('change', () => go({ [name]: input.value.trim() }));
    }
  }
  const groupBy = $('#group-by');
  groupBy.addEventListener('toggle', () => { groupByOpen = groupBy.open; });
  groupBy.querySelectorAll('input[data-dimension]').forEach((box) => box.addEventListener('change', () => {
    const current = view.by ? [...view.by] : [];
    const d = box.dataset.dimension;
    setBy(box.checked ? current.concat(current.includes(d) ? [] : [d]) : current.filter((x) => x !== d));
  }));
  $('#group-by-default').addEventListener('click', () => { groupByOpen = false; go({ by: null, byParam: null, sort: '' }); });
  $('#group-by-all').addEventListener('click', () => { groupByOpen = false; setBy(null); });
  $('#group-by-total').addEventListener('click', () => { groupByOpen = false; setBy([]); });
  $('#reset-view').addEventListener('click', () => { groupByOpen = false; navigate('#/report/' + encodeURIComponent(report.id)); });

  // the drop-downs: every value of that dimension in the report
  for (const name of DIMENSION_FILTERS) {
    const select = $('select#filter-' + name);
    if (!select) {
      continue;
    }
    dropdownValues(report, filterColumn(report, name)).then((values) => {
      if (left) {
        return;
      }
      const current = view[name];
      select.innerHTML = '<option value="">All</option>' + values.concat(current && !values.some((v) => String(v) === current) ? [current] : [])
        .map((v) => `<option value="${fmt.escapeHtml(v)}"${String(v) === current ? ' selected' : ''}>${fmt.escapeHtml(v)}</option>`).join('');
      select.dataset.loaded = 'true';
    }).catch(() => { select.dataset.loaded = 'failed'; });
  }

  // the table (with totals for the KPIs) and the chart, in parallel
  const tableQuery = apiQuery(view, view.by, view.sort);
  const page = `limit=${view.limit}&offset=${view.offset}`;
  $('#csv-link').href = reportUrl(report, tableQuery + '&' + page + '&format=csv');
  $('#csv-all-link').href = reportUrl(report, tableQuery + '&format=csv');
  const plan = chartPlan(report, view);
  const tableAnswer = getJson(reportUrl(report, tableQuery + '&' + page));
  const chartAnswer = plan ? getJson(reportUrl(report, apiQuery(view, plan.by, plan.sort) + `&limit=${CHART_ROWS}&totals=false`)) : null;

  const table = tableAnswer.then((answer) => {
    if (left) {
      return;
    }
    $('#kpis').innerHTML = kpisHtml(report, answer.totals, currency);
    const { head, body } = tableHtml(report, answer, view, currency);
    $('#report-table thead').innerHTML = head;
    $('#report-table tbody').innerHTML = body;
    $('#row-count').textContent = answer.total_rows.toLocaleString() + (answer.total_rows === 1 ? ' row' : ' rows');
    $('#view-summary').textContent = answer.grain ? ' · by ' + answer.grain : '';
    if (!answer.rows.length) {
      $('#report-table tbody').innerHTML = `<tr><td colspan="${answer.columns.length}" class="no-data" id="no-data">No data for this
          selection${view.offset ? ' on this page' : ''}. ${anyFilter(view) ? 'Widen the filters or reset the view.' : 'The published copy holds no rows for this report yet.'}</td></tr>`;
    }
    $('#pager').innerHTML = pagerHtml(answer, view);
    $('#report-table thead').addEventListener('click', (e) => {
      const th = e.target.closest('th[data-column]');
      if (!th) {
        return;
      }
      const sort = effectiveSort(report, view);
      const column = th.dataset.column;
      const direction = sort.column === column ? (sort.direction === 'desc' ? 'asc' : 'desc')
        : (fmt.isNumeric(th.dataset.role) ? 'desc' : 'asc');
      go({ sort: column + ':' + direction });
    });
    $('#page-size').addEventListener('change', (e) => go({ limit: parseInt(e.target.value, 10) }));
    $('#page-prev').addEventListener('click', () => go({ offset: Math.max(0, view.offset - view.limit) }, true));
    $('#page-next').addEventListener('click', () => go({ offset: view.offset + view.limit }, true));
    $('#report-table').dataset.rows = String(answer.rows.length);
  });

  const drawn = (chartAnswer || Promise.resolve(null)).then((answer) => {
    if (left) {
      return;
    }
    const element = $('#chart');
    const drawing = plan && answer ? chartOption(report, plan, answer, currency) : null;
    if (!drawing) {
      element.innerHTML = `<div class="empty" id="chart-empty">${plan ? 'No data for this selection' : 'This report has no chart; see the table.'}</div>`;
      element.dataset.rendered = 'empty';
      return;
    }
    chart = echarts.init(element, null, { renderer: 'canvas' });
    chart.setOption(drawing.option);
    window.addEventListener('resize', onResize);
    const notes = drawing.note ? ['Showing ' + drawing.note + '.'] : [];
    if (plan.type === 'funnel' && (report.filters || []).includes('pipeline') && !view.pipeline) {
      notes.push('The stages of every pipeline together: pick a pipeline for its own funnel.');
    }
    $('#chart-note').textContent = notes.join(' ');
    element.dataset.chartType = plan.type;
    element.dataset.rendered = 'true';
  });

  Promise.all([table, drawn]).then(() => {
    if (!left) {
      document.body.dataset.state = 'ready';
      document.body.dataset.view = location.hash;
    }
  }).catch((e) => {
    if (left) {
      return;
    }
    $('#error-slot').innerHTML = `<div class="error-box" id="error">${fmt.escapeHtml(e.message)}
        <a href="#/report/${encodeURIComponent(report.id)}">Reset the view</a></div>`;
    document.body.dataset.state = 'error';
    document.body.dataset.view = location.hash;
  });

  return () => {
    left = true;
    window.removeEventListener('resize', onResize);
    if (chart) {
      chart.dispose();
    }
  };
}

function anyFilter(view) {
  return ['from', 'to', 'grain', 'owner', 'team', 'source', 'pipeline'].some((k) => view[k]) || view.offset > 0;
}
