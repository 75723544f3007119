// How a value reads on the page: money (*_rc) in the reporting currency, ratios as %, durations, counts.
// The raw value stays in data-value attributes; only the text is formatted.

const LABELS = {
  period_start: 'Period',
  period_grain: 'Grain',
  cohort_period_start: 'Cohort',
  as_of_date: 'As of',
  owner_id: 'Owner id',
  owner_name: 'Owner',
  team_id: 'Team id',
  team_name: 'Team',
  source_system: 'Source CRM',
  source_normalized: 'Lead source',
  pipeline_id: 'Pipeline',
  pipeline_name: 'Pipeline',
  stage_name: 'Stage',
  stage_id: 'Stage id',
  product_id: 'Product id',
  product_name: 'Product',
  account_id: 'Account id',
  account_name: 'Account',
  campaign_name: 'Campaign',
  lost_reason_normalized: 'Loss reason',
  reason_normalized: 'Reason',
  outcome_normalized: 'Outcome',
  roi: 'ROI',
  aov_rc: 'Avg order value',
};

/** What kind of figure a column holds, from the report's declarations and the column's name. */
export function kindOf(report, column) {
  const ratio = (report.ratios || []).find((r) => r.column === column);
  if (/_rc$/.test(column)) {
    return 'money';
  }
  if (ratio) {
    if (ratio.factor === 1 && !/^avg_/.test(column)) {
      return 'percent';
    }
    return 'decimal';
  }
  if (/(_rate|_share|^attainment)$/.test(column)) {
    return 'percent';
  }
  if (/_s$/.test(column) && /duration|time|talk/.test(column)) {
    return 'duration';
  }
  if (/_date$|^period_start$|_start$/.test(column)) {
    return 'date';
  }
  return 'number';
}

export function label(column, currency) {
  const money = /_rc$/.test(column) && currency ? ' (' + currency + ')' : '';
  if (LABELS[column]) {
    return LABELS[column] + money;
  }
  let text = column
    .replace(/_rc$/, '')
    .replace(/_cnt$/, '')
    .replace(/_num$/, ' numerator')
    .replace(/_den$/, ' denominator')
    .replace(/_s$/, ' (s)')
    .replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + money;
}

const locale = undefined; // the browser's

function number(value, digits) {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A headline figure (KPI): money with its currency, ratios as %, durations in hours. */
export function kpi(report, column, value, currency) {
  if (value === null || value === undefined || value === '') {
    return '–';
  }
  const v = Number(value);
  switch (kindOf(report, column)) {
    case 'money':
      return new Intl.NumberFormat(locale, {
        style: 'currency', currency, maximumFractionDigits: Math.abs(v) >= 1000 ? 0 : 2,
      }).format(v);
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
    case 'duration':
      return duration(v);
    case 'decimal':
      return number(v, Math.abs(v) >= 100 ? 0 : 1);
    default:
      return Number.isInteger(v) ? number(v, 0) : number(v, Math.abs(v) >= 100 ? 0 : 2);
  }
}

/**
 * A table cell: money with 2 decimals and separators, ratios as %, counts with separators, text as it is. digits:
 * the decimals of this column's plain numbers (0 when every value in it is whole), so a column reads evenly.
 */
export function cell(report, column, value, digits) {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value !== 'number') {
    return String(value);
  }
  switch (kindOf(report, column)) {
    case 'money':
      return number(value, 2);
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    case 'decimal':
      return number(value, 2);
    default:
      return number(value, digits === undefined ? (Number.isInteger(value) ? 0 : 2) : digits);
  }
}

/** Short figures for chart axes: 1.2M, 35%, 4k. */
export function axis(report, column, value, currency) {
  const kind = kindOf(report, column);
  if (kind === 'percent') {
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
  }
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  return kind === 'money' ? compact + ' ' + currency : compact;
}

export function duration(seconds) {
  const s = Math.round(seconds);
  if (s < 60) {
    return s + ' s';
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? number(h, 0) + ' h ' + m + ' m' : m + ' m ' + (s % 60) + ' s';
}

export function isNumeric(role) {
  return role === 'measure' || role === 'ratio';
}

/** "02:14" today, "5 Dec 02:14" otherwise, in the browser's time zone. */
export function clock(instant) {
  const t = new Date(instant);
  const now = new Date();
  const time = t.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (t.toDateString() === now.toDateString()) {
    return time;
  }
  return t.toLocaleDateString(locale, { day: 'numeric', month: 'short', year: t.getFullYear() === now.getFullYear() ? undefined : 'numeric' })
    + ' ' + time;
}

/** "just now", "12 min ago", "6 h ago", "3 d ago". */
export function ago(instant) {
  const minutes = Math.round((Date.now() - new Date(instant).getTime()) / 60000);
  if (minutes < 1) {
    return 'just now';
  }
  if (minutes < 60) {
    return minutes + ' min ago';
  }
  const hours = Math.round(minutes / 60);
  if (hours < 48) {
    return hours + ' h ago';
  }
  return Math.round(hours / 24) + ' d ago';
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
