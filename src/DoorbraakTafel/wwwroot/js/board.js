// The live board page: keeps its server-rendered parts current over the hub, and computes the
// cost comparison's yearly difference while the chair types.
//
// A hub message about the case in focus brings that part of the board as the privacy gate lets this
// organisation see it, rendered by the server as the page renders it (docs/live.md): the one item the
// change is about (a contribution, proposal, decision or action), or the whole case when the focus
// moves. It is swapped in as it comes, with this page's antiforgery token and, on the chair's screen,
// the chair's forms. The
// person's own parts (status, work, presence) hold no case words; they are fetched again from the page
// (?handler=Parts). Without a pushed part (an expert by experience, whose view is decided per person,
// or a catch-up) the focus is fetched from the page too. A part the user is typing in is not replaced
// until they are done; focus stays where it was.
import { followMeeting } from "/js/live-board.js";

const root = document.getElementById("bord");
const meetingId = root.dataset.meeting;
const announcer = document.getElementById("live-melding");
let focusCase = root.dataset.case || "";
let meetingStatus = root.dataset.status || "";
let agendaKey = null;
const wanted = new Set();
// Parts held back while the user types in them: the pushed HTML to apply, or null to fetch again.
const waiting = new Map();
let timer = null;
let fetching = false;

function part(name) {
  return root.querySelector(`[data-part="${name}"]`);
}

function want(...names) {
  names.forEach((name) => wanted.add(name));
  clearTimeout(timer);
  timer = setTimeout(refresh, 120);
}

// Typing in a part, or words typed there and not sent yet, keep it as it is: replacing it would lose them.
function busy(name) {
  return busyIn(part(name));
}

function busyIn(element) {
  const active = document.activeElement;
  const typing = active && element.contains(active) && active.matches("input:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea, select");
  const typed = [...element.querySelectorAll("input:not([type=hidden]), textarea")].some((field) =>
    field.type === "checkbox" || field.type === "radio" ? field.checked !== field.defaultChecked : field.value !== field.defaultValue);
  const chosen = [...element.querySelectorAll("select")].some((select) =>
    select.selectedIndex !== Math.max(0, [...select.options].findIndex((option) => option.defaultSelected)));
  return typing || typed || chosen;
}

function swap(current, fresh) {
  const active = document.activeElement;
  const focusId = active && current.contains(active) ? active.id : null;
  current.innerHTML = fresh.innerHTML;
  for (const key of ["case", "status"]) {
    if (fresh.dataset[key] !== undefined) {
      current.dataset[key] = fresh.dataset[key];
    }
  }
  ownForms(current);
  status(); // the status part holds the connection line; keep it current
  if (focusId) {
    const again = document.getElementById(focusId);
    (again ?? current.querySelector("h1, h2, h3"))?.focus?.();
  }
  wireCosts();
}

async function refresh() {
  if (fetching) {
    timer = setTimeout(refresh, 120);
    return;
  }
  const names = [...wanted];
  wanted.clear();
  if (names.length === 0) {
    return;
  }
  fetching = true;
  try {
    const response = await fetch(`/bijeenkomsten/${meetingId}?handler=Parts&parts=${names.join(",")}`, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    });
    if (!response.ok) {
      return;
    }
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const fresh of doc.querySelectorAll("[data-part]")) {
      const name = fresh.dataset.part;
      const current = part(name);
      if (!current) {
        continue;
      }
      if (busy(name)) {
        waiting.set(name, null);
        continue;
      }
      swap(current, fresh);
    }
    const focus = doc.querySelector('[data-part="focus"]');
    if (focus) {
      focused(focus.dataset.case);
    }
  } finally {
    fetching = false;
  }
}

// A pushed part is rendered for a whole organisation: this page adds its own token and, for the chair, the chair's forms.
function ownForms(element) {
  const token = root.querySelector('input[name="__RequestVerificationToken"]');
  for (const form of element.querySelectorAll('form[method="post"]')) {
    if (token && !form.querySelector('input[name="__RequestVerificationToken"]')) {
      form.append(token.cloneNode());
    }
  }
  if (root.dataset.chair === "true") {
    element.querySelectorAll("[data-chair-only][hidden]").forEach((chairs) => chairs.removeAttribute("hidden"));
  }
}

// One item of the case in focus, as pushed for this organisation: it replaces the item or joins its
// list. Held while the user types in that item; the whole case is fetched when the list is not there.
function pushedItem(item, caseId) {
  const list = caseId === focusCase ? part("focus").querySelector(`[data-list="${item.list}"]`) : null;
  if (!list) {
    want("focus");
    return;
  }
  const current = list.querySelector(`:scope > [data-item="${item.id}"]`);
  if (current && busyIn(current)) {
    waiting.set(`item:${item.id}`, { item, caseId });
    return;
  }
  const template = document.createElement("template");
  template.innerHTML = item.html.trim();
  const fresh = template.content.firstElementChild;
  ownForms(fresh);
  if (current) {
    current.replaceWith(fresh);
  } else {
    list.append(fresh);
    list.parentElement.querySelector("[data-empty]")?.remove();
  }
  wireCosts();
}

// The case in focus as pushed for this organisation; held while the user types in it.
function pushedFocus(html, caseId) {
  if (busy("focus")) {
    waiting.set("focus", { html, caseId });
    return;
  }
  const fresh = document.createElement("div");
  fresh.innerHTML = html;
  fresh.dataset.case = caseId;
  wanted.delete("focus");
  swap(part("focus"), fresh);
  // Another case in focus (its own event may come before the meeting's): the person's forms follow it.
  if (caseId !== focusCase) {
    want("status", "work");
  }
  focused(caseId);
}

function focused(caseId) {
  if (caseId !== undefined && caseId !== focusCase) {
    focusCase = caseId;
    const title = part("focus").querySelector("[data-testid=focus-title]")?.textContent?.trim();
    announce(title ? `Nu aan de beurt: ${title}` : "Er wordt nu geen casus besproken.");
  }
}

function announce(text) {
  announcer.textContent = "";
  setTimeout(() => (announcer.textContent = text), 50);
}

let connection = "verbinden…";

function status(text = connection) {
  connection = text;
  const element = document.getElementById("live-status");
  if (element) {
    element.textContent = `Live bijwerken: ${text}`;
  }
}

// A part waiting for the user: apply it once they leave it (focus moves out and nothing was typed).
root.addEventListener("focusout", () => {
  setTimeout(() => {
    const ready = [...waiting.keys()].filter((name) => {
      if (!name.startsWith("item:")) {
        return !busy(name);
      }
      const held = part("focus").querySelector(`[data-item="${name.slice(5)}"]`);
      return !held || !busyIn(held);
    });
    const again = [];
    for (const name of ready) {
      const held = waiting.get(name);
      waiting.delete(name);
      if (held?.item) {
        pushedItem(held.item, held.caseId);
      } else if (held) {
        pushedFocus(held.html, held.caseId);
      } else {
        again.push(name);
      }
    }
    if (again.length > 0) {
      want(...again);
    }
  }, 0);
});

// Cost comparison: each amount as it will be stored, and the yearly difference, as you type.
// cents() mirrors Amounts.Read and euro() mirrors Amounts.Euro (Cases/Deciding/Amounts.cs): a dot
// between the thousands, a comma before the cents, so "50.000" is fifty thousand euros here as it is
// on the server. perYear mirrors CostItem.PerYearInCents in Cases/CaseEvents.cs (per month x12,
// per week x52, once counts in the first year). The server reads every amount again on save.
const perYear = { PerYear: 1, PerMonth: 12, PerWeek: 52, Once: 1 };
const written = /^([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]{1,2}|-{1,2}))?$/;
const maximumCents = 100_000_000_00;

function cents(typed) {
  let text = typed.trim().replace(/[\u00a0\u202f]/g, " ");
  if (text.startsWith("€")) {
    text = text.slice(1);
  } else if (text.endsWith("€")) {
    text = text.slice(0, -1);
  } else if (text.toLowerCase().endsWith("euro")) {
    text = text.slice(0, -4);
  }
  const match = written.exec(text.trim());
  if (!match) {
    return null;
  }
  const part = match[2] && match[2][0] !== "-" ? Number(match[2].padEnd(2, "0")) : 0;
  const total = Number(match[1].replace(/\./g, "")) * 100 + part;
  return total > maximumCents ? null : total;
}

function euro(amount) {
  const whole = amount % 100 === 0;
  const digits = whole ? 0 : 2;
  const number = new Intl.NumberFormat("nl-NL", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(amount) / 100);
  return `${amount < 0 ? "-" : ""}€ ${number}`;
}

// The side's yearly total in cents, or null while one of its amounts cannot be read.
function sideTotal(side) {
  let total = 0;
  let readable = true;
  for (const row of side.querySelectorAll(".dt-cost-row")) {
    const typed = row.querySelector("[data-cost-amount]").value;
    const read = row.querySelector("[data-cost-read]");
    if (typed.trim() === "") {
      read.textContent = "";
      continue;
    }
    const amount = cents(typed);
    if (amount === null) {
      read.textContent = "Geen bedrag: schrijf het zoals 50.000 of 4.800,50.";
      readable = false;
      continue;
    }
    read.textContent = `Wordt vastgelegd als ${euro(amount)}`;
    total += amount * (perYear[row.querySelector("[data-cost-period]").value] ?? 1);
  }
  return readable ? total : null;
}

function computeCosts(fieldset) {
  const current = sideTotal(fieldset.querySelector('[data-cost-side="Current"]'));
  const proposed = sideTotal(fieldset.querySelector('[data-cost-side="Proposed"]'));
  const output = fieldset.querySelector("[data-cost-difference]");
  if (current === null || proposed === null) {
    output.textContent = "Niet elk bedrag is te lezen; verbeter het, dan verschijnt het verschil per jaar hier.";
    return;
  }
  if (current === 0 && proposed === 0) {
    output.textContent = "Vul bedragen in: het verschil per jaar verschijnt hier.";
    return;
  }
  const difference = current - proposed;
  output.textContent = difference >= 0
    ? `Het voorstel bespaart ${euro(difference)} per jaar (nu ${euro(current)}, voorstel ${euro(proposed)}).`
    : `Het voorstel kost ${euro(-difference)} per jaar meer (nu ${euro(current)}, voorstel ${euro(proposed)}).`;
}

function wireCosts() {
  for (const fieldset of root.querySelectorAll("[data-cost-comparison]")) {
    if (fieldset.dataset.wired) {
      continue;
    }
    fieldset.dataset.wired = "1";
    fieldset.addEventListener("input", () => computeCosts(fieldset));
    fieldset.addEventListener("change", () => computeCosts(fieldset));
    computeCosts(fieldset);
  }
}

wireCosts();

// A form sent back with errors: its error summary is where the person reads first (NL Design System form pattern).
root.querySelector("[data-error-summary]")?.focus();

followMeeting(meetingId, {
  lastPosition: Number(root.dataset.position || 0),
  onStatus: status,
  onUpdate(update) {
    if (update.kind === "MeetingUpdated") {
      // Only the parts this change touches: every part with case words costs a read through the gate.
      const facts = update.facts;
      if (!facts) {
        want(...["status", "agenda", "presence", "focus", "work"]);
        return;
      }
      const caseChanged = (facts.currentCaseId ?? "") !== focusCase;
      const statusChanged = facts.status !== meetingStatus;
      const agenda = `${facts.agenda.join(",")}|${facts.currentCaseId ?? ""}`;
      const parts = [];
      if (update.board?.focus) {
        pushedFocus(update.board.focus, facts.currentCaseId ?? "");
      }
      if (caseChanged || statusChanged) {
        parts.push("status", "work", ...(update.board?.focus ? [] : ["focus"]));
      }
      if (agenda !== agendaKey) {
        parts.push("agenda", "status");
      }
      if (update.eventType === "AttendanceRecorded") {
        parts.push("presence");
      }
      meetingStatus = facts.status;
      agendaKey = agenda;
      if (parts.length > 0) {
        want(...parts);
      }
    } else if (update.board) {
      if (update.board.item) {
        pushedItem(update.board.item, update.streamId);
      } else {
        pushedFocus(update.board.focus, update.streamId);
      }
      if (update.eventType === "ProposalMade") {
        want("work");
      }
      if (update.label) {
        announce(update.label);
      }
    } else if (update.streamId === focusCase) {
      want("focus", ...(update.eventType === "ProposalMade" ? ["work"] : []));
      if (update.label) {
        announce(update.label);
      }
    }
  },
  onPresence() {
    want("presence");
  },
  onAccessEnded(ended) {
    if (ended.caseId == null) {
      root.innerHTML = "";
      const notice = document.createElement("div");
      notice.className = "utrecht-alert utrecht-alert--warning";
      notice.setAttribute("role", "alert");
      notice.textContent = ended.reason || "Uw toegang tot deze bijeenkomst is beëindigd.";
      root.append(notice);
    } else if (ended.caseId === focusCase) {
      want("focus", "work");
    }
  },
}).started.catch(() => status("niet beschikbaar; laad de pagina opnieuw om bij te werken"));
