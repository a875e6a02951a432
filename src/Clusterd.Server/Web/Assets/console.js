// clusterd live view (docs/web-console.md). Plain JavaScript, no framework, no build step.
// State arrives over Server-Sent Events from /web/events: a "snapshot" (everything) or the deltas a reconnecting
// browser missed, then one "delta" per batch of changes (the full state of each changed object) and a clock
// "heartbeat" every second. EventSource resends the last event id itself; the server resumes from it or, when it
// cannot (restart, reset, too old), starts over with a snapshot.
'use strict';

(function () {
  const ROW_HEIGHT = 40; // keep in step with --row in console.css
  const OVERSCAN = 8;
  const LOG_LIMIT = 500;

  const state = {
    cluster: '', emulator: false, nodes: [], groups: new Map(), volumes: new Map(),
    order: [], filtered: [], filter: '', log: [], revision: 0, lastEventId: '',
    clock: { now: 0, paused: false, at: 0 }, selected: null, snapshots: 0,
  };
  window.clusterdLive = state; // for the browser tests and for curious operators (read-only by convention)

  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  };
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  // ---- the cluster's clock -------------------------------------------------------------------------------------
  function setClock(c) {
    state.clock = { now: Date.parse(c.now), paused: c.paused, virtual: c.virtual, at: performance.now() };
  }
  function clusterNow() {
    const c = state.clock;
    return c.paused ? c.now : c.now + (performance.now() - c.at);
  }
  function fmtTime(ms) {
    return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }
  function fmtCountdown(ms) {
    if (ms <= 0) return 'due';
    let s = Math.ceil(ms / 1000);
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    const two = (n) => String(n).padStart(2, '0');
    return (h > 0 ? h + ':' + two(m) : String(m)) + ':' + two(s);
  }

  // ---- applying the stream -------------------------------------------------------------------------------------
  function applySnapshot(s) {
    state.snapshots++;
    state.cluster = s.cluster;
    state.emulator = s.emulator;
    state.revision = s.revision;
    setClock(s.clock);
    state.nodes = s.nodes;
    state.groups = new Map(s.groups.map((g) => [g.id, g]));
    state.volumes = new Map(s.volumes.map((v) => [v.volumeName, v]));
    state.order = s.volumes.map((v) => v.volumeName).sort((a, b) => collator.compare(state.volumes.get(a).name, state.volumes.get(b).name));
    state.log = s.log.slice(-LOG_LIMIT).reverse();
    $('cluster-name').textContent = s.cluster;
    $('mode').hidden = !s.emulator;
    $('controls').hidden = !s.emulator;
    refilter();
    renderAll();
  }

  function applyDelta(d) {
    state.revision = d.revision;
    setClock(d.clock);
    if (d.nodes) state.nodes = d.nodes;
    for (const g of d.groups) state.groups.set(g.id, g);
    let added = false;
    for (const v of d.volumes) {
      if (!state.volumes.has(v.volumeName)) added = true;
      state.volumes.set(v.volumeName, v);
    }
    if (added) state.order = [...state.volumes.keys()].sort((a, b) => collator.compare(state.volumes.get(a).name, state.volumes.get(b).name));
    for (const line of d.log) state.log.unshift(line);
    if (d.logDropped > 0) state.log.unshift({ at: d.clock.now, kind: '…', change: d.logDropped + ' more changes', name: '', detail: null });
    if (state.log.length > LOG_LIMIT) state.log.length = LOG_LIMIT;
    if (state.filter) refilter();
    scheduleRender(d.nodes != null || d.groups.length > 0, d.log.length > 0);
  }

  // ---- rendering -----------------------------------------------------------------------------------------------
  let renderQueued = false, renderSide = false, renderLog = false;
  function scheduleRender(side, log) {
    renderSide = renderSide || side;
    renderLog = renderLog || log;
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      if (renderSide) { renderNodes(); renderGroups(); renderGridHeader(); }
      if (renderLog) renderLogList();
      renderSide = renderLog = false;
      renderRows();
      renderHeader();
    });
  }

  function renderAll() {
    renderNodes(); renderGroups(); renderGridHeader(); renderRows(); renderLogList(); renderHeader(); fillSelects();
  }

  function renderHeader() {
    $('clock').textContent = state.clock.now ? fmtTime(clusterNow()) : '–';
    $('clock-paused').hidden = !state.clock.paused;
    $('volumes-count').textContent = state.filter
      ? '(' + state.filtered.length + ' of ' + state.order.length + ')'
      : '(' + state.order.length + ')';
  }

  function coordinatorOf() {
    const map = new Map();
    for (const v of state.volumes.values()) {
      if (!map.has(v.coordinator)) map.set(v.coordinator, []);
      map.get(v.coordinator).push(v.name);
    }
    return map;
  }

  function renderNodes() {
    const body = $('nodes').tBodies[0];
    const coords = coordinatorOf();
    body.replaceChildren(...state.nodes.map((n) => {
      const tr = el('tr');
      tr.dataset.node = n.name;
      tr.append(el('td', 'name', n.name));
      const st = el('td', 'state ' + n.state, n.state);
      st.dataset.role = 'node-state';
      tr.append(st);
      const vols = (coords.get(n.name) || []).sort(collator.compare);
      const shown = vols.slice(0, 6).join(', ') + (vols.length > 6 ? ' … (' + vols.length + ' CSVs)' : '');
      tr.append(el('td', 'coord', vols.length ? shown : '—'));
      return tr;
    }));
  }

  function renderGroups() {
    const body = $('groups').tBodies[0];
    const groups = [...state.groups.values()].sort((a, b) => collator.compare(a.name, b.name));
    const shown = groups.slice(0, 200);
    body.replaceChildren(...shown.map((g) => {
      const tr = el('tr');
      tr.append(el('td', null, g.name), el('td', 'state ' + g.state, g.state), el('td', null, g.owner || '—'));
      return tr;
    }));
    $('groups-count').textContent = groups.length > shown.length ? '(first 200 of ' + groups.length + ')' : '(' + groups.length + ')';
  }

  function columns() {
    return '170px 95px 180px 110px repeat(' + Math.max(state.nodes.length, 1) + ', minmax(150px, 1fr))';
  }

  function renderGridHeader() {
    const h = $('grid-header');
    h.style.gridTemplateColumns = columns();
    const cells = [el('div', null, 'Volume'), el('div', null, 'Coordinator'), el('div', null, 'Backup'), el('div', null, 'Flags')];
    for (const n of state.nodes) {
      const c = el('div', 'node-col ' + n.state, n.name + ' · ' + n.state);
      c.dataset.node = n.name;
      cells.push(c);
    }
    h.replaceChildren(...cells);
  }

  function matches(v, f) {
    if (v.name.toLowerCase().includes(f) || v.volumeName.toLowerCase().includes(f) || v.resource.toLowerCase().includes(f)
      || v.coordinator.toLowerCase().includes(f) || v.backup.toLowerCase().includes(f) || v.fault.toLowerCase().includes(f)) return true;
    if (f === 'maintenance' && v.maintenance) return true;
    if (f === 'redirected' && v.redirected) return true;
    return v.nodes.some((s) => s.s.toLowerCase().includes(f));
  }

  function refilter() {
    const f = state.filter.trim().toLowerCase();
    state.filtered = f ? state.order.filter((k) => matches(state.volumes.get(k), f)) : state.order;
  }

  function renderRows() {
    const viewport = $('grid-viewport');
    const list = state.filtered;
    $('grid-spacer').style.height = (list.length * ROW_HEIGHT) + 'px';
    const rows = $('grid-rows');
    if (list.length === 0) {
      rows.style.transform = '';
      rows.replaceChildren(el('div', 'empty', state.order.length ? 'No volume matches the filter.' : 'No Cluster Shared Volumes.'));
      return;
    }
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(list.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    rows.style.transform = 'translateY(' + (first * ROW_HEIGHT) + 'px)';
    const cols = columns();
    const now = clusterNow();
    const out = [];
    for (let i = first; i < last; i++) out.push(row(state.volumes.get(list[i]), cols, now));
    rows.replaceChildren(...out);
  }

  function row(v, cols, now) {
    const r = el('div', 'grid-row' + (state.selected === v.name ? ' selected' : ''));
    r.style.gridTemplateColumns = cols;
    r.dataset.volume = v.name;
    const name = el('div', 'name', v.name);
    name.append(el('span', 'sub', v.resource));
    name.title = v.volumeName;
    const backup = el('div', 'state ' + v.backup, v.backup);
    backup.dataset.role = 'backup';
    if (v.deadline) {
      const cd = el('span', 'countdown', fmtCountdown(Date.parse(v.deadline) - now));
      cd.dataset.role = 'countdown';
      cd.dataset.deadline = String(Date.parse(v.deadline));
      cd.title = 'backup mode ends at ' + fmtTime(Date.parse(v.deadline)) + ' (cluster time)';
      backup.append(cd);
    }
    if (v.snapshots > 0) backup.append(el('span', 'reason', v.snapshots + ' snapshot set' + (v.snapshots > 1 ? 's' : '')));
    const flags = el('div');
    flags.dataset.role = 'flags';
    if (v.maintenance) flags.append(el('span', 'flag maintenance', 'M'));
    if (v.redirected) flags.append(el('span', 'flag redirected', 'R'));
    if (v.backup !== 'None') flags.append(el('span', 'flag backup', 'B'));
    if (v.fault !== 'NoFaults') flags.append(el('span', 'flag fault', v.fault));
    flags.title = [v.maintenance && 'maintenance', v.redirected && 'redirected', v.backup !== 'None' && 'backup', 'fault: ' + v.fault].filter(Boolean).join(', ');
    r.append(name, el('div', null, v.coordinator), backup, flags);
    for (const n of state.nodes) {
      const s = v.nodes.find((x) => x.n === n.name);
      const c = el('div', 'node-cell state ' + (s ? s.s : 'Unavailable'), s ? s.s : '—');
      c.dataset.node = n.name;
      if (s) {
        // The server leaves out a reason that is NotRedirected.
        const reasons = [s.r || null, s.b ? 'block: ' + s.b : null].filter(Boolean).join('; ');
        if (reasons) { c.append(el('span', 'reason', reasons)); c.title = reasons; }
      }
      r.append(c);
    }
    return r;
  }

  function renderLogList() {
    const list = $('log');
    list.replaceChildren(...state.log.slice(0, 200).map((l) => {
      const li = el('li');
      li.append(el('span', 't', fmtTime(Date.parse(l.at))), el('span', 'k', l.kind + ' ' + l.change), document.createTextNode(l.name + (l.detail ? ' — ' + l.detail : '')));
      return li;
    }));
    $('log-count').textContent = '(' + state.log.length + ')';
  }

  function fillSelects() {
    const nodeSel = $('node-select'), diskSel = $('disk-select');
    const keepNode = nodeSel.value, keepDisk = diskSel.value;
    nodeSel.replaceChildren(...state.nodes.map((n) => el('option', null, n.name)));
    const disks = [...new Set([...state.volumes.values()].map((v) => v.resource))].sort(collator.compare);
    diskSel.replaceChildren(...disks.slice(0, 1000).map((d) => el('option', null, d)));
    if (keepNode) nodeSel.value = keepNode;
    if (keepDisk) diskSel.value = keepDisk;
  }

  // ---- the stream ----------------------------------------------------------------------------------------------
  let source = null;
  function setStatus(s) {
    const e = $('status');
    e.dataset.state = s;
    e.textContent = s;
  }
  function connect() {
    const url = '/web/events' + (state.lastEventId ? '?lastEventId=' + encodeURIComponent(state.lastEventId) : '');
    source = new EventSource(url);
    source.onopen = () => setStatus('live');
    source.onerror = () => {
      setStatus('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (an HTTP error such as 503): try again by hand, with the last id.
        source = null;
        setTimeout(connect, 2000);
      }
    };
    const track = (e) => { if (e.lastEventId) state.lastEventId = e.lastEventId; };
    source.addEventListener('snapshot', (e) => {
      // Timings of the last snapshot (ms since navigation), for the first-load benchmark.
      const received = performance.now();
      track(e);
      const parsed = JSON.parse(e.data);
      const decoded = performance.now();
      applySnapshot(parsed);
      state.timing = { received, decoded, rendered: performance.now(), bytes: e.data.length };
      setStatus('live');
    });
    source.addEventListener('delta', (e) => { track(e); applyDelta(JSON.parse(e.data)); });
    source.addEventListener('heartbeat', (e) => { setClock(JSON.parse(e.data).clock); renderHeader(); });
  }

  // ---- emulator controls (POST to the /admin routes; they exist only with --emulator) -----------------------------
  async function post(path, body) {
    const result = $('control-result');
    try {
      const init = { method: 'POST', headers: {} };
      if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
      const r = await fetch(path, init);
      const text = await r.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { json = null; }
      if (!r.ok) {
        result.className = 'result error';
        result.textContent = 'POST ' + path + ': ' + r.status + ' ' + (json && json.error ? json.error + (json.reason ? ' — ' + json.reason : '') : text);
        return null;
      }
      result.className = 'result';
      result.textContent = 'POST ' + path + ': ok';
      if (json && json.now && typeof json.paused === 'boolean') { setClock(json); renderHeader(); scheduleRender(false, false); }
      return json;
    } catch (err) {
      result.className = 'result error';
      result.textContent = 'POST ' + path + ': ' + err;
      return null;
    }
  }
  const enc = encodeURIComponent;
  const snapshotSets = new Map();
  function volumeInput() {
    const vol = $('snapshot-volume').value.trim();
    if (!vol) { $('control-result').className = 'result error'; $('control-result').textContent = 'name a volume (or click its row) first'; }
    return vol;
  }
  function wireControls() {
    $('clock-pause').onclick = () => post('/admin/clock/pause');
    $('clock-resume').onclick = () => post('/admin/clock/resume');
    $('clock-advance').onclick = () => post('/admin/clock/advance?seconds=' + enc($('advance-seconds').value));
    $('node-down').onclick = () => post('/admin/nodes/' + enc($('node-select').value) + '/down');
    $('node-up').onclick = () => post('/admin/nodes/' + enc($('node-select').value) + '/up');
    $('disk-disconnect').onclick = () => post('/admin/disks/' + enc($('disk-select').value) + '/nodes/' + enc($('node-select').value) + '/disconnect');
    $('disk-connect').onclick = () => post('/admin/disks/' + enc($('disk-select').value) + '/nodes/' + enc($('node-select').value) + '/connect');
    $('snapshot-start').onclick = () => {
      const vol = volumeInput();
      if (!vol) return;
      const set = crypto.randomUUID();
      snapshotSets.set(vol.toLowerCase(), set);
      post('/admin/volumes/' + enc(vol) + '/snapshot', { snapshotSet: set, state: 'PrepareForFreeze' });
    };
    $('snapshot-complete').onclick = () => {
      const vol = volumeInput();
      if (!vol) return;
      const set = snapshotSets.get(vol.toLowerCase());
      if (!set) { $('control-result').className = 'result error'; $('control-result').textContent = 'no snapshot started from this page on ' + vol; return; }
      snapshotSets.delete(vol.toLowerCase());
      post('/admin/volumes/' + enc(vol) + '/snapshot', { snapshotSet: set, state: 'HWSnapshotCompleted' });
    };
    $('reset').onclick = () => { if (confirm('Reset the emulated cluster to its topology?')) post('/admin/reset'); };
  }

  // ---- start ---------------------------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', () => {
    wireControls();
    $('grid-viewport').addEventListener('scroll', () => scheduleRender(false, false), { passive: true });
    window.addEventListener('resize', () => scheduleRender(false, false));
    $('filter').addEventListener('input', (e) => { state.filter = e.target.value; refilter(); $('grid-viewport').scrollTop = 0; scheduleRender(false, false); });
    $('grid-rows').addEventListener('click', (e) => {
      const r = e.target.closest('.grid-row');
      if (!r) return;
      state.selected = r.dataset.volume;
      $('snapshot-volume').value = r.dataset.volume;
      const v = [...state.volumes.values()].find((x) => x.name === r.dataset.volume);
      if (v) { $('disk-select').value = v.resource; }
      scheduleRender(false, false);
    });
    // The countdowns and the clock move on the cluster's clock; only the visible rows are redrawn.
    setInterval(() => {
      const now = clusterNow();
      for (const cd of $('grid-rows').querySelectorAll('[data-role="countdown"]')) cd.textContent = fmtCountdown(Number(cd.dataset.deadline) - now);
      renderHeader();
    }, 250);
    connect();
  });
})();
