// The dashboard: a sidebar of every report by group, a page per report, the Sources page. Every view lives in the
// URL's hash (#/report/total_sales?by=period_start,team_name&owner=…), so a link or a reload shows the same view.

import { getJson } from './api.js';
import { escapeHtml } from './format.js';
import { showReport } from './report-page.js';
import { showSources } from './sources-page.js';

const GROUPS = [
  ['daily', 'Daily'], ['weekly', 'Weekly'], ['monthly', 'Monthly'], ['sales', 'Sales'], ['marketing', 'Marketing'],
  ['profit', 'Profit'], ['support', 'Support'], ['secondary', 'Secondary'],
];

const main = document.getElementById('main');
let catalog = null;
let catalogProblem = null;
let leavePage = () => {};

/** The hash as a path and its parameters: #/report/total_sales?by=a,b → (['report','total_sales'], params). */
export function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const at = hash.indexOf('?');
  const path = (at < 0 ? hash : hash.slice(0, at)).split('/').filter(Boolean).map(decodeURIComponent);
  return { path, params: new URLSearchParams(at < 0 ? '' : hash.slice(at + 1)) };
}

export function navigate(hash) {
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function sidebar() {
  const list = document.getElementById('report-list');
  if (!catalog) {
    list.innerHTML = '';
    return;
  }
  const known = new Set(GROUPS.map(([id]) => id));
  const groups = GROUPS.concat(
    [...new Set(catalog.reports.map((r) => r.group).filter((g) => !known.has(g)))].map((g) => [g, g]));
  list.innerHTML = groups.map(([id, title]) => {
    const reports = catalog.reports.filter((r) => r.group === id);
    if (!reports.length) {
      return '';
    }
    return `<div class="nav-group" data-group="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>`
      + reports.map((r) => `<a href="#/report/${encodeURIComponent(r.id)}" data-report-id="${escapeHtml(r.id)}"
           title="${escapeHtml(r.description || '')}">${escapeHtml(r.title)}</a>`).join('')
      + '</div>';
  }).join('');
}

function highlight(path) {
  let current = null;
  document.querySelectorAll('#sidebar a').forEach((a) => {
    const active = (path[0] === 'report' && a.dataset.reportId === path[1]) || (path[0] === 'sources' && a.dataset.page === 'sources');
    a.classList.toggle('active', active);
    current = active ? a : current;
  });
  // the current page in view in the sidebar, which starts from its top whenever the page's link is on its first screen
  const side = document.getElementById('sidebar');
  if (current) {
    const bottom = current.offsetTop + current.offsetHeight;
    side.scrollTop = bottom <= side.clientHeight ? 0 : Math.max(0, current.offsetTop - side.clientHeight / 2);
  }
}

function home() {
  document.title = 'crmw dashboard';
  if (!catalog) {
    main.innerHTML = `<div class="error-box" id="error">${escapeHtml(catalogProblem || 'no reports')}</div>`;
    document.body.dataset.state = 'error';
    document.body.dataset.view = location.hash;
    return;
  }
  main.innerHTML = `<div class="page-head"><h1>Reports</h1>
      <p class="description">Every report of the published warehouse, by group. Pick one on the left; every view
      (filters, grouping, sort, page) is in the address, so a link shows exactly what you see.</p></div>
    <div class="home-groups">` + GROUPS.map(([id, title]) => {
    const reports = catalog.reports.filter((r) => r.group === id);
    return reports.length ? `<section class="card"><h2>${escapeHtml(title)}</h2>` + reports.map((r) =>
      `<p><a href="#/report/${encodeURIComponent(r.id)}">${escapeHtml(r.title)}</a><br>${escapeHtml(r.description || '')}</p>`).join('')
      + '</section>' : '';
  }).join('') + '</div>';
  document.body.dataset.state = 'ready';
  document.body.dataset.view = location.hash;
}

export function route() {
  leavePage();
  leavePage = () => {};
  const { path, params } = parseHash();
  highlight(path);
  document.body.dataset.state = 'loading';
  document.body.dataset.page = path[0] || 'home';
  if (path[0] === 'sources') {
    leavePage = showSources(main);
  } else if (path[0] === 'report' && path[1]) {
    const report = catalog && catalog.reports.find((r) => r.id === path[1]);
    if (!report) {
      main.innerHTML = `<div class="error-box" id="error">${escapeHtml(catalog
        ? 'There is no report "' + path[1] + '". Pick one on the left.' : catalogProblem)}</div>`;
      document.body.dataset.state = 'error';
      document.body.dataset.view = location.hash;
      return;
    }
    leavePage = showReport(main, catalog, report, params, navigate);
  } else {
    home();
  }
}

async function start() {
  try {
    catalog = await getJson('/api/reports');
  } catch (e) {
    catalogProblem = e.message; // e.g. no published copy yet: the Sources page still works
  }
  sidebar();
  window.addEventListener('hashchange', route);
  route();
}

start();
