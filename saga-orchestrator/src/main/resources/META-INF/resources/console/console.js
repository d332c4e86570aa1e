// Saga console: plain browser JavaScript, no framework, no build step. Reads the orchestrator's own API only; what
// order-service knows (an order without a saga, the rollout share) comes through the orchestrator's /console/*.
'use strict';

const API = '..'; // the console is served at /console/, the API at /
const TRACE_ID = /^[0-9a-f]{32}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let settings = {zipkinUrl: null};
let currentSaga = null;

const $ = (id) => document.getElementById(id);

/** Builds an element; children are nodes or text (never parsed as HTML). */
function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value !== null && value !== undefined) element.setAttribute(name, value);
  });
  children.forEach((child) => element.append(child instanceof Node ? child : String(child ?? '')));
  return element;
}

function stateBadge(state) {
  return el('span', {class: 'state state-' + state}, state);
}

function time(instant) {
  return instant ? new Date(instant).toISOString().replace('T', ' ').replace('Z', '') : '';
}

function duration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}

function show(id, text, isError) {
  const box = $(id);
  box.textContent = text;
  box.hidden = !text;
  box.classList.toggle('error', Boolean(isError));
}

// Reads need role viewer or operator: the browser sends the user it signed in with when it loaded this page.
async function getJson(path) {
  const response = await fetch(API + path, {headers: {Accept: 'application/json'}});
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const error = new Error(problem.detail || problem.title || ('HTTP ' + response.status));
    error.status = response.status;
    throw error;
  }
  return response.json();
}

/** A trace ID searches by trace; a UUID is tried as a saga ID, then as an order ID; anything else is an order ID. */
async function findSagas(query) {
  if (TRACE_ID.test(query)) {
    return getJson('/sagas?traceId=' + encodeURIComponent(query));
  }
  if (UUID.test(query)) {
    try {
      return [await getJson('/sagas/' + encodeURIComponent(query))];
    } catch (error) {
      if (error.status !== 404) throw error;
    }
  }
  return getJson('/sagas?orderId=' + encodeURIComponent(query));
}

async function search(query) {
  query = query.trim();
  if (!query) return;
  show('message', 'Searching…');
  try {
    const sagas = await findSagas(query);
    if (sagas.length === 0) {
      $('saga').hidden = true;
      $('order').hidden = true;
      if (UUID.test(query)) {
        await showOrderWithoutSaga(query);
        history.replaceState(null, '', '#' + encodeURIComponent(query));
      } else {
        show('message', 'No saga found for ' + query + '. A saga starts once its OrderPlaced event has arrived.');
      }
      return;
    }
    show('message', sagas.length > 1 ? sagas.length + ' sagas share this trace; showing the newest.' : '');
    renderSaga(sagas[sagas.length - 1]);
    history.replaceState(null, '', '#' + encodeURIComponent(query));
  } catch (error) {
    show('message', 'Search failed: ' + error.message, true);
  }
}

/**
 * No saga has this ID as saga or order ID: order-service may still have the order. A sync order never has a saga; an
 * async one has none until its OrderPlaced event has arrived.
 */
async function showOrderWithoutSaga(id) {
  let order;
  try {
    order = await getJson('/console/orders/' + encodeURIComponent(id));
  } catch (error) {
    if (error.status === 404) {
      show('message', 'No saga and no order found for ' + id + ': order-service has no such order either.');
    } else {
      show('message', 'No saga found for ' + id + ', and order-service could not be asked about the order ('
          + error.message + ').', true);
    }
    return;
  }
  const reason = order.rejectionReason ? ' (' + order.rejectionReason + ')' : '';
  const ran = {
    sync: 'ran as the synchronous chain (no saga)',
    async: 'was placed for the saga, which has not started yet (it starts once its OrderPlaced event has arrived)',
  }[order.mode] || 'has no saga, and order-service did not record its mode (placed before it recorded modes): it most'
      + ' likely ran as the synchronous chain';
  show('message', 'Order ' + order.orderId + ' ' + ran + '. Status: ' + order.status + reason + '.');
  renderOrder(order);
}

function renderOrder(order) {
  currentSaga = null;
  $('order').hidden = false;
  $('order-id').textContent = order.orderId;
  $('order-status').replaceWith(Object.assign(stateBadge(order.status), {id: 'order-status'}));
  $('order-mode').textContent = {
    sync: 'sync (synchronous chain, no saga)',
    async: 'async (saga not started yet)',
  }[order.mode] || 'not recorded';
  $('order-trace').textContent = order.traceId || 'none recorded';
  const link = $('order-trace-link');
  link.hidden = !(order.traceId && settings.zipkinUrl);
  if (!link.hidden) link.href = settings.zipkinUrl + '/zipkin/traces/' + order.traceId;
  $('order-rejection').textContent = order.rejectionReason || '—';
  $('order-placed').textContent = time(order.placedAt);
}

function renderSaga(saga) {
  currentSaga = saga;
  $('order').hidden = true;
  $('saga').hidden = false;
  $('saga-id').textContent = saga.id;
  $('saga-state').replaceWith(Object.assign(stateBadge(saga.state), {id: 'saga-state'}));
  $('saga-order').textContent = saga.orderId;
  $('saga-trace').textContent = saga.traceId || 'none recorded';
  const link = $('saga-trace-link');
  link.hidden = !(saga.traceId && settings.zipkinUrl);
  if (!link.hidden) link.href = settings.zipkinUrl + '/zipkin/traces/' + saga.traceId;
  $('saga-step').textContent = saga.currentStep;
  const pending = saga.pendingCommand;
  $('saga-pending').textContent = pending
      ? pending.step + ', attempt ' + pending.attempt + (pending.deadline ? ', deadline ' + time(pending.deadline)
          : ' (no more re-sends: needs an operator or a late reply)')
      : 'nothing';
  const data = saga.data || {};
  $('saga-rejection').textContent = data.rejectionReason
      ? data.rejectionReason + (data.rejectionDetail ? ' — ' + data.rejectionDetail : '') : '—';
  $('saga-times').textContent = time(saga.createdAt) + ' / ' + time(saga.updatedAt);

  const steps = $('steps').tBodies[0];
  steps.replaceChildren(...saga.steps.map((step) => el('tr', {},
      el('td', {class: 'step'}, step.step), el('td', {}, step.kind), el('td', {}, step.commandType),
      el('td', {}, stateBadge(step.status)), el('td', {}, step.attempts), el('td', {}, time(step.sentAt)),
      el('td', {}, time(step.deadline)), el('td', {}, duration(step.durationMs)),
      el('td', {class: 'detail'}, step.outcome || ''))));

  const start = new Date(saga.createdAt).getTime();
  const timeline = $('timeline').tBodies[0];
  timeline.replaceChildren(...saga.timeline.map((entry) => el('tr', {class: 'kind-' + entry.kind},
      el('td', {}, entry.seq), el('td', {}, time(entry.at)),
      el('td', {}, duration(new Date(entry.at).getTime() - start)), el('td', {}, entry.kind),
      el('td', {}, entry.step || ''), el('td', {}, entry.messageType || ''), el('td', {}, entry.attempt ?? ''),
      el('td', {}, time(entry.deadline)), el('td', {}, duration(entry.durationMs)), el('td', {}, entry.actor || ''),
      el('td', {class: 'detail'}, entry.detail || ''))));
}

async function act(action) {
  if (!currentSaga) return;
  const user = $('action-user').value.trim();
  const password = $('action-password').value;
  const reason = $('action-reason').value.trim();
  if (!user || !password || !reason) {
    show('action-result', 'User, password and reason are all needed.', true);
    return;
  }
  const response = await fetch(API + '/sagas/' + currentSaga.id + '/' + action, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Authorization: 'Basic ' + btoa(user + ':' + password),
    },
    body: JSON.stringify({reason}),
  });
  if (response.ok) {
    renderSaga(await response.json());
    show('action-result', action === 'retry' ? 'Retried: the command was sent again.' : 'Compensation started.');
    loadLists();
    return;
  }
  const problem = await response.json().catch(() => ({}));
  const why = {401: 'not signed in: check user and password', 403: 'this user lacks the role operator'}[response.status];
  show('action-result', 'Refused (' + response.status + '): ' + (why || problem.detail || problem.title || ''), true);
}

async function loadStuck() {
  const rows = [];
  for (const state of ['stuck', 'compensation-failed']) {
    const page = await getJson('/sagas?state=' + state + '&size=50');
    rows.push(...page.items);
  }
  $('stuck-list').tBodies[0].replaceChildren(...rows.map((saga) => {
    const row = el('tr', {class: 'clickable', title: 'open this saga'},
        el('td', {}, saga.id.slice(0, 8) + '…'), el('td', {}, saga.orderId), el('td', {}, stateBadge(saga.state)),
        el('td', {}, saga.currentStep), el('td', {}, time(saga.updatedAt)));
    row.addEventListener('click', () => {
      $('search').value = saga.id;
      search(saga.id);
    });
    return row;
  }));
  $('stuck-empty').hidden = rows.length > 0;
}

async function loadDeadLetters() {
  const status = $('dead-letters-status');
  try {
    const page = await getJson('/dead-letters?size=50');
    $('dead-letters').tBodies[0].replaceChildren(...page.items.map((letter) => el('tr', {},
        el('td', {}, time(letter.failedAt)), el('td', {}, letter.topic), el('td', {}, letter.key || ''),
        el('td', {class: 'detail'}, letter.reason + (letter.error ? ': ' + letter.error : '')),
        el('td', {}, letter.replayedAt ? time(letter.replayedAt) + ' by ' + letter.replayedBy : 'no'))));
    status.hidden = page.items.length > 0;
    status.textContent = 'None.';
  } catch (error) {
    $('dead-letters').tBodies[0].replaceChildren();
    status.hidden = false;
    status.textContent = 'Dead letters unavailable (' + error.message + ').';
  }
}

async function loadParticipants() {
  const status = $('participants-status');
  try {
    const queues = await getJson('/participants');
    $('participants').tBodies[0].replaceChildren(...queues.map((queue) => el('tr', {},
        el('td', {}, queue.topic), el('td', {}, queue.group), el('td', {}, queue.consuming ? 'yes' : 'no'),
        el('td', {}, queue.unreadRecords), el('td', {}, time(queue.readUpTo)),
        el('td', {}, queue.awaitingReply), el('td', {}, queue.queued))));
    status.hidden = queues.length > 0;
    status.textContent = 'Not read from Kafka yet.';
  } catch (error) {
    $('participants').tBodies[0].replaceChildren();
    status.hidden = false;
    status.textContent = 'Participants unavailable (' + error.message + ').';
  }
}

/** Which share of new orders order-service sends through the saga, and who set it; the rest run as the chain. */
async function loadRollout() {
  const line = $('rollout');
  try {
    const rollout = await getJson('/console/rollout');
    const origin = rollout.source === 'OPERATOR'
        ? 'set by ' + rollout.changedBy + ' at ' + time(rollout.changedAt) + ': ' + rollout.reason
        : 'configured';
    line.textContent = 'Rollout: ' + rollout.sagaSharePercent + ' % of new orders through the saga (' + origin + ')';
    line.classList.remove('error');
  } catch (error) {
    line.textContent = 'Rollout: unavailable (' + error.message + ')';
    line.classList.add('error');
  }
}

function loadLists() {
  loadRollout();
  loadParticipants();
  loadStuck().catch((error) => show('message', 'Stuck list failed: ' + error.message, true));
  loadDeadLetters();
}

document.addEventListener('DOMContentLoaded', async () => {
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    search($('search').value);
  });
  document.querySelectorAll('#action-form button').forEach((button) =>
      button.addEventListener('click', () => act(button.dataset.action)
          .catch((error) => show('action-result', 'Failed: ' + error.message, true))));
  $('refresh-lists').addEventListener('click', loadLists);
  settings = await getJson('/console/settings').catch(() => settings);
  loadLists();
  if (location.hash.length > 1) {
    $('search').value = decodeURIComponent(location.hash.slice(1));
    search($('search').value);
  }
});
