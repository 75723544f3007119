// The Sources page: per source its schedule, next fire, whether it runs, its last runs (failures in red, with their
// message), each stream's live vs vendor counts (reconciled ✓ / ✗ / –), and "Sync now".

import { getJson, post } from './api.js';
import { ago, clock, escapeHtml } from './format.js';

const REFRESH_MS = 3000; // while a sync runs, the page follows it

function when(instant) {
  return instant ? `<span title="${escapeHtml(new Date(instant).toLocaleString())}">${escapeHtml(clock(instant))}</span>` : '–';
}

function took(run) {
  if (!run.started_at || !run.finished_at) {
    return '';
  }
  const s = (new Date(run.finished_at) - new Date(run.started_at)) / 1000;
  return s < 60 ? s.toFixed(1) + ' s' : Math.round(s / 60) + ' min';
}

function runsHtml(runs) {
  if (!runs.length) {
    return '<p class="muted">No runs yet.</p>';
  }
  return `<div class="table-scroll"><table class="data runs"><thead><tr><th>Started</th><th>Trigger</th><th>Status</th>
      <th class="num">Took</th><th class="num">Pages</th><th class="num">Records</th><th class="num">HTTP calls</th>
      <th class="num">Retries</th><th class="num">Throttled</th><th>Error</th></tr></thead><tbody>`
    + runs.map((r) => `<tr data-run-id="${escapeHtml(r.run_id)}" data-status="${escapeHtml(r.status)}"
        class="${r.status === 'failed' || r.status === 'interrupted' ? 'failed' : ''}">
        <td title="${escapeHtml(r.run_id)}">${when(r.started_at)}</td><td>${escapeHtml(r.trigger || '')}</td>
        <td><span class="badge ${escapeHtml(r.status)}">${escapeHtml(r.status)}</span></td><td class="num">${took(r)}</td>
        <td class="num">${r.pages.toLocaleString()}</td><td class="num">${r.records.toLocaleString()}</td>
        <td class="num">${r.http_calls.toLocaleString()}</td><td class="num">${r.retries.toLocaleString()}</td>
        <td class="num">${r.throttled.toLocaleString()}</td>
        <td class="error-text">${r.error ? escapeHtml(r.error) : ''}</td></tr>`).join('')
    + '</tbody></table></div>';
}

function reconciled(value) {
  if (value === true) {
    return '<td class="ok" data-reconciled="true" title="the warehouse holds as many live records as the vendor reports">✓</td>';
  }
  if (value === false) {
    return '<td class="bad" data-reconciled="false" title="live records in the warehouse differ from the vendor\'s count">✗</td>';
  }
  return '<td class="muted" data-reconciled="unknown" title="the vendor gives no count for this stream">–</td>';
}

function streamsHtml(streams) {
  if (!streams.length) {
    return '<p class="muted">No streams synced yet.</p>';
  }
  return `<div class="table-scroll"><table class="data streams"><thead><tr><th>Stream</th><th>Last run</th><th>Status</th>
      <th class="num">Records</th><th class="num">Deleted</th><th class="num">Live</th><th class="num">Vendor</th>
      <th>Reconciled</th><th>Error</th></tr></thead><tbody>`
    + streams.map((s) => `<tr data-stream="${escapeHtml(s.stream)}" class="${s.status === 'failed' ? 'failed' : ''}">
        <td>${escapeHtml(s.stream)}</td><td>${when(s.finished_at)}</td>
        <td><span class="badge ${escapeHtml(s.status)}">${escapeHtml(s.status)}</span></td>
        <td class="num">${s.records.toLocaleString()}</td><td class="num">${s.tombstones.toLocaleString()}</td>
        <td class="num">${s.live === null ? '–' : s.live.toLocaleString()}</td>
        <td class="num">${s.vendor === null ? '–' : s.vendor.toLocaleString()}</td>${reconciled(s.reconciled)}
        <td class="error-text">${s.error ? escapeHtml(s.error) : ''}</td></tr>`).join('')
    + '</tbody></table></div>';
}

function sourceHtml(s, message) {
  const last = s.runs[0];
  return `<section class="card source" data-source="${escapeHtml(s.name)}" data-running="${s.running}">
      <div class="source-head"><h2>${escapeHtml(s.name)}</h2><span class="badge">${escapeHtml(s.type)}</span>
        ${s.running ? '<span class="badge running">running</span>' : last ? `<span class="badge ${escapeHtml(last.status)}">last run ${escapeHtml(last.status)}</span>` : ''}
        <span class="grow"></span>
        <span class="sync-message ${message ? message.tone : ''}" data-source="${escapeHtml(s.name)}">${message ? escapeHtml(message.text) : ''}</span>
        <button type="button" class="primary sync-now" data-source="${escapeHtml(s.name)}">Sync now</button></div>
      <div class="source-meta">
        <span>Schedule: <b>${s.schedule ? escapeHtml(s.schedule) : 'none (manual only)'}</b></span>
        <span>Next run: <b class="next-fire">${s.next_fire ? when(s.next_fire) : '–'}</b></span>
        <span>Last success: <b>${(() => { const ok = s.runs.find((r) => r.status === 'succeeded');
          return ok ? when(ok.finished_at) + ' (' + escapeHtml(ago(ok.finished_at)) + ')' : 'never'; })()}</b></span>
      </div>
      <h3>Last runs</h3>${runsHtml(s.runs)}
      <h3>Streams (last run each)</h3>${streamsHtml(s.streams)}
    </section>`;
}

/** Renders the Sources page into main; answers the function that leaves it (stops following running syncs). */
export function showSources(main) {
  let left = false;
  let timer = null;
  let followUntil = 0; // after "Sync now", follow the source even before the run shows as running
  const messages = new Map(); // source → {text, tone}, kept across refreshes
  document.title = 'Sources · crmw';
  main.innerHTML = `<div class="page-head"><h1 id="report-title">Sources</h1>
      <p class="description">Every configured CRM source: when it syncs, how its last runs went, and whether each stream's
      live records match the vendor's own count. Read from the warehouse as it is now.</p></div>
    <div id="error-slot"></div><div id="sources"></div>`;

  async function refresh() {
    timer = null;
    try {
      const data = await getJson('/api/sources');
      if (left) {
        return;
      }
      main.querySelector('#error-slot').innerHTML = '';
      main.querySelector('#sources').innerHTML = data.sources.length
        ? data.sources.map((s) => sourceHtml(s, messages.get(s.name))).join('')
        : '<p class="muted card source" id="no-sources">No sources in this config: add some under crmw.sources.</p>';
      document.body.dataset.state = 'ready';
      document.body.dataset.view = location.hash;
      if (data.sources.some((s) => s.running) || Date.now() < followUntil) {
        timer = setTimeout(refresh, REFRESH_MS);
      }
    } catch (e) {
      if (!left) {
        main.querySelector('#error-slot').innerHTML = `<div class="error-box" id="error">${escapeHtml(e.message)}</div>`;
        document.body.dataset.state = 'error';
        document.body.dataset.view = location.hash;
      }
    }
  }

  async function syncNow(e) {
    const button = e.target.closest('button.sync-now');
    if (!button || left) {
      return;
    }
    const name = button.dataset.source;
    button.disabled = true;
    const answer = await post('/api/sources/' + encodeURIComponent(name) + '/sync');
    if (answer.status === 202) {
      messages.set(name, { text: 'Sync started', tone: 'good' });
      followUntil = Date.now() + 4 * REFRESH_MS;
    } else if (answer.status === 409) {
      messages.set(name, { text: 'Already running', tone: 'bad' });
    } else {
      messages.set(name, { text: (answer.body && answer.body.error) || 'the server answered ' + answer.status, tone: 'bad' });
    }
    if (timer) {
      clearTimeout(timer);
    }
    await refresh();
  }

  main.addEventListener('click', syncNow);
  refresh();
  return () => {
    left = true;
    main.removeEventListener('click', syncNow);
    if (timer) {
      clearTimeout(timer);
    }
  };
}
