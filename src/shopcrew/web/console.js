// The shopcrew staff console: plain JS over the staff API (v1/staff/...), a bearer token per tab.
"use strict";

(() => {
  const TOKEN_KEY = "shopcrew.staff_token";
  const QUEUE_EVERY_MS = 4000;
  const CONVERSATION_EVERY_MS = 3000;
  const api = new URL(document.body.dataset.api, document.baseURI);
  const $ = (id) => document.getElementById(id);

  let openId = null;
  let timers = [];

  // ---- helpers -------------------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text); // never innerHTML
    return node;
  }

  function show(node, text) {
    node.textContent = text || "";
    node.hidden = !text;
  }

  function waited(seconds) {
    if (seconds === null || seconds === undefined) return "answered";
    const minutes = Math.floor(seconds / 60);
    if (minutes < 1) return "waiting < 1 min";
    if (minutes < 60) return `waiting ${minutes} min`;
    const hours = Math.floor(minutes / 60);
    return `waiting ${hours} h ${minutes % 60} min`;
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : "";
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function call(method, path, body) {
    const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(new URL(path, api), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, "network", `Could not reach shopcrew (${error.message}).`);
    }
    if (response.status === 204) return null;
    let payload = null;
    try {
      payload = await response.json();
    } catch (_) {
      // not JSON
    }
    if (response.ok) return payload;
    const error = (payload && payload.error) || { code: "http_error", message: `The server answered ${response.status}.` };
    if (response.status === 401) signedOut(error.message);
    throw new ApiError(response.status, error.code, error.message);
  }

  // ---- sign-in -------------------------------------------------------------------------------

  function signedOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    for (const timer of timers) clearInterval(timer);
    timers = [];
    $("inbox").hidden = true;
    $("whoami").hidden = true;
    $("signin").hidden = false;
    show($("signin-error"), message);
  }

  async function signedIn() {
    const me = await call("GET", "me");
    $("staff-name").textContent = `${me.name} (${me.role})`;
    $("whoami").hidden = false;
    $("signin").hidden = true;
    $("inbox").hidden = false;
    show($("signin-error"), "");
    await refreshQueue();
    timers.push(setInterval(refreshQueue, QUEUE_EVERY_MS));
    timers.push(setInterval(() => openId && refreshConversation(), CONVERSATION_EVERY_MS));
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("signin-name").value.trim();
    const password = $("signin-password").value;
    try {
      const response = await fetch(new URL("sessions", api), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name, password }),
      });
      const payload = await response.json();
      if (!response.ok) {
        show($("signin-error"), payload.error ? payload.error.message : "Sign-in failed.");
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, payload.token);
      $("signin-password").value = "";
      await signedIn();
    } catch (error) {
      show($("signin-error"), `Could not sign in (${error.message}).`);
    }
  });

  $("token-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("signin-token").value.trim());
    $("signin-token").value = "";
    try {
      await signedIn();
    } catch (_) {
      // signedOut() already said why
    }
  });

  $("sign-out").addEventListener("click", async () => {
    try {
      await call("DELETE", "sessions");
    } catch (_) {
      // signed out locally either way
    }
    openId = null;
    $("conversation").hidden = true;
    signedOut("You are signed out.");
  });

  // ---- queue ---------------------------------------------------------------------------------

  async function refreshQueue() {
    let queue;
    try {
      queue = await call("GET", "queue");
    } catch (error) {
      if (error.status !== 401) show($("queue-error"), error.message);
      return;
    }
    show($("queue-error"), "");
    const list = $("queue");
    list.replaceChildren();
    $("queue-count").textContent = queue.items.length ? `(${queue.items.length})` : "";
    $("queue-empty").hidden = queue.items.length > 0;
    for (const item of queue.items) {
      const entry = element("li", "queue-item");
      entry.dataset.conversationId = item.conversation_id;
      if (item.conversation_id === openId) entry.classList.add("selected");
      const button = element("button", "queue-open");
      button.type = "button";
      button.append(element("span", "who", item.customer));
      button.append(element("span", item.waiting_seconds === null ? "answered" : "waiting", waited(item.waiting_seconds)));
      button.append(element("span", "reason", item.reason));
      button.append(element("span", "meta", `${item.channel} · ${item.assignee ? `owned by ${item.assignee}` : "unassigned"}`));
      if (item.last_shopper_text) button.append(element("span", "preview", `“${item.last_shopper_text}”`));
      button.addEventListener("click", () => openConversation(item.conversation_id));
      entry.append(button);
      list.append(entry);
    }
  }

  $("open-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const id = $("open-id").value.trim();
    if (id) openConversation(id);
  });

  // ---- one conversation ----------------------------------------------------------------------

  async function openConversation(id) {
    openId = id;
    show($("action-error"), "");
    show($("action-status"), "");
    for (const item of document.querySelectorAll(".queue-item")) {
      item.classList.toggle("selected", item.dataset.conversationId === id);
    }
    await refreshConversation();
  }

  async function refreshConversation() {
    const id = openId;
    let conversation;
    try {
      conversation = await call("GET", `conversations/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error.status === 404) {
        openId = null;
        $("conversation").hidden = true;
        show($("queue-error"), error.message);
      }
      return;
    }
    if (id !== openId) return; // another conversation was opened meanwhile
    render(conversation);
  }

  function render(c) {
    $("conversation").hidden = false;
    $("conversation").dataset.conversationId = c.id;
    $("conv-title").textContent = c.customer;
    const owner = c.owner === "human" ? (c.assignee ? `owned by ${c.assignee}` : "waiting for a person") : `assistant (${c.owner})`;
    $("conv-meta").textContent = `${c.id} · ${c.channel} · ${c.status} · ${owner}${c.verified ? " · verified" : ""}`;
    const me = $("staff-name").textContent.replace(/ \((agent|admin)\)$/, "");
    const mine = c.owner === "human" && c.assignee === me;
    $("take-over").disabled = c.status === "closed" || mine;
    $("hand-back").disabled = c.status === "closed" || c.owner !== "human";
    $("close-conversation").disabled = c.status === "closed";
    $("reply-send").disabled = !mine;
    $("reply-text").placeholder = mine ? "" : "Take the conversation over to reply";
    renderTranscript(c);
    renderPacket(c.packet, c.packet_is_live);
    renderHistory(c);
    renderTrace(c.turns);
  }

  function renderTranscript(c) {
    const list = $("transcript");
    const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
    const entries = [
      ...c.messages.map((m) => ({ kind: m.role, label: label(m), text: m.text, at: m.at })),
      ...c.notes.map((n) => ({ kind: "staff-note", label: `note by ${n.author}`, text: n.text, at: n.at })),
    ].sort((a, b) => new Date(a.at) - new Date(b.at));
    list.replaceChildren();
    for (const entry of entries) {
      const item = element("li", `entry ${entry.kind}`);
      item.append(element("span", "who", `${entry.label} · ${when(entry.at)}`));
      item.append(element("p", "text", entry.text));
      list.append(item);
    }
    if (atEnd) list.scrollTop = list.scrollHeight;
  }

  function label(message) {
    if (message.role === "shopper") return "shopper";
    if (message.role === "human") return "our team";
    if (message.role === "system") return "notice";
    if (message.agent === "human") return "assistant (handoff)";
    return message.agent ? `assistant (${message.agent})` : "assistant";
  }

  function renderPacket(packet, live) {
    $("packet-live").hidden = !live;
    const list = $("packet");
    list.replaceChildren();
    const customer = packet.customer || {};
    const who = [customer.name, customer.email, customer.phone].filter(Boolean).join(", ") || customer.claimed_email || "guest";
    const rows = [
      ["Reason", packet.reason],
      ["Summary", packet.summary],
      ["Customer", `${who} — ${customer.verified ? `verified (${customer.verified_by || "yes"})` : "not verified"}`],
      ["Orders", (packet.orders || []).map((o) => `#${o.number} ${o.status} ${o.total} ${o.currency}`).join("; ") || "none"],
      ["Products", (packet.products || []).map((p) => `${p.title} (#${p.id})`).join("; ") || "none"],
      ["Tried", (packet.tried || []).map((s) => `turn ${s.turn}: ${s.agent} ${s.intent} → ${s.result}`).join("\n") || "nothing yet"],
    ];
    for (const [term, value] of rows) {
      list.append(element("dt", null, term));
      list.append(element("dd", `packet-${term.toLowerCase()}`, value));
    }
  }

  function renderHistory(c) {
    const history = $("owner-history");
    history.replaceChildren();
    for (const change of c.owner_history) {
      const by = change.staff ? ` by ${change.staff}` : "";
      history.append(element("li", null, `${when(change.at)}: ${change.owner}${by} — ${change.reason}`));
    }
    const helpdesk = $("helpdesk");
    helpdesk.replaceChildren();
    for (const row of c.helpdesk) {
      const error = row.last_error ? ` — ${row.last_error}` : "";
      helpdesk.append(element("li", null, `${row.provider} ${row.kind}: ${row.status} (${row.attempts} attempts)${error}`));
    }
    for (const text of c.rejected_helpdesk_replies) helpdesk.append(element("li", "error", `reply not delivered (closed): ${text}`));
    if (!helpdesk.children.length) helpdesk.append(element("li", "hint", "no ticket"));
  }

  function renderTrace(turns) {
    const trace = $("trace");
    const open = new Set(Array.from(trace.querySelectorAll("details[open]")).map((d) => d.dataset.seq));
    trace.replaceChildren();
    for (const turn of turns) {
      const details = element("details", "turn");
      details.dataset.seq = String(turn.seq);
      details.open = open.has(String(turn.seq));
      const parts = (turn.parts || []).map((p) => `${p.agent}:${p.intent}`).join(", ") || "silent (a person owned it)";
      details.append(element("summary", null, `turn ${turn.seq} · ${parts}${turn.escalation ? ` · escalated: ${turn.escalation.trigger}` : ""}`));
      const { handoff_packet: _packet, ...rest } = turn;
      details.append(element("pre", null, JSON.stringify(rest, null, 2)));
      trace.append(details);
    }
  }

  async function act(path, body, done) {
    show($("action-error"), "");
    show($("action-status"), "");
    const id = openId;
    if (!id) return false;
    try {
      const outcome = await call("POST", `conversations/${encodeURIComponent(id)}/${path}`, body);
      show($("action-status"), outcome.detail);
      if (done) done();
      return true;
    } catch (error) {
      show($("action-error"), error.message);
      return false;
    } finally {
      await refreshConversation();
      await refreshQueue();
    }
  }

  $("take-over").addEventListener("click", () => act("take-over", { reason: "" }));
  $("hand-back").addEventListener("click", () => act("hand-back", { reason: "" }));
  $("close-conversation").addEventListener("click", () => {
    if (confirm("Close this conversation? The shopper writing again reopens it with the assistant.")) act("close", { reason: "" });
  });
  $("reply-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("reply-text").value.trim();
    // The text stays in the box unless the reply went out, so nothing typed is lost.
    if (text) act("reply", { text }, () => ($("reply-text").value = ""));
  });
  $("note-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("note-text").value.trim();
    if (text) act("notes", { text }, () => ($("note-text").value = ""));
  });

  // ---- start ---------------------------------------------------------------------------------

  if (sessionStorage.getItem(TOKEN_KEY)) {
    signedIn().catch(() => {});
  }
})();
